package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// openLedger opens --db, or the demo project with its sample review states.
// orgID resolves an organisation given by ID, name or alias.
func orgID(s *store.Store, org string) (string, error) {
	if org == "" {
		return "", nil
	}
	cat, err := s.Catalog()
	if err != nil {
		return "", err
	}
	o, ok := cat.FindOrg(org)
	if !ok {
		return "", fmt.Errorf("单位 %q 不存在", org)
	}
	return o.ID, nil
}

// filesFlag collects a repeatable --file.
type filesFlag []string

func (f *filesFlag) String() string     { return strings.Join(*f, ",") }
func (f *filesFlag) Set(v string) error { *f = append(*f, v); return nil }

func init() {
	register(&command{
		name:    "evidence-add",
		summary: "登记一条佐证材料（可同时附上 PDF、JPEG、PNG 文件）",
		usage:   "--db 文件 --indicator 序号 --year 年度 --title 名称 [--doc-number 文号] [--issuer 发文机关] [--date 日期] [--pages 页数] [--class A|B|C] [--org 单位] [--file 路径]…",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			var d evidence.Draft
			fs.StringVar(&d.Indicator, "indicator", "", "指标序号，子指标如 9.1")
			fs.IntVar(&d.Year, "year", 0, "年度；跨年度的材料写 0")
			fs.StringVar(&d.Title, "title", "", "材料名称")
			fs.StringVar(&d.DocNumber, "doc-number", "", "文号，如 泰海政办发〔2017〕88号")
			fs.StringVar(&d.Issuer, "issuer", "", "发文机关")
			fs.StringVar(&d.IssuedOn, "date", "", "成文日期，如 2017-09-05")
			fs.IntVar(&d.Pages, "pages", 0, "页数")
			fs.StringVar(&d.Class, "class", "B", "分类：A 指标汇总、B 原始文件、C 统计资料")
			fs.StringVar(&d.Org, "org", "", "报送单位（名称或标识）")
			var files filesFlag
			fs.Var(&files, "file", "附件文件（PDF、JPEG、PNG，单个不超过 50 MB），可重复")
			by := actorFlag(fs)
			return func(e *env) error {
				if d.Indicator == "" || d.Title == "" || !flagGiven(fs, "year") {
					return usageError("请指定 --indicator、--year 和 --title")
				}
				for _, p := range files {
					f, err := evidence.ReadFile(p)
					if err != nil {
						return err
					}
					d.Files = append(d.Files, f)
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				id, err := evidence.Add(s, d, *by)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已登记佐证材料 %d：指标 %s %s「%s」，附件 %d 个，状态 待审\n", id, d.Indicator, yearText(d.Year), strings.TrimSpace(d.Title), len(d.Files))
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-edit",
		summary: "修改一条佐证材料（只改给出的项，保留修改历史）",
		usage:   "--db 文件 --id 编号 [--title 名称] [--doc-number 文号] [--issuer 发文机关] [--date 日期] [--pages 页数] [--class A|B|C] [--org 单位] [--indicator 序号] [--year 年度]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号（见 evidence-list）")
			var v store.EvidenceItem
			fs.StringVar(&v.Indicator, "indicator", "", "指标序号")
			fs.IntVar(&v.Year, "year", 0, "年度；跨年度写 0")
			fs.StringVar(&v.Title, "title", "", "材料名称")
			fs.StringVar(&v.DocNumber, "doc-number", "", "文号")
			fs.StringVar(&v.Issuer, "issuer", "", "发文机关")
			fs.StringVar(&v.IssuedOn, "date", "", "成文日期")
			fs.IntVar(&v.Pages, "pages", 0, "页数")
			fs.StringVar(&v.Class, "class", "", "分类：A、B、C")
			fs.StringVar(&v.Org, "org", "", "报送单位")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == 0 {
					return usageError("请用 --id 指定佐证材料编号")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				err = evidence.Edit(s, *id, *by, func(it *store.EvidenceItem) {
					fs.Visit(func(f *flag.Flag) {
						switch f.Name {
						case "indicator":
							it.Indicator = v.Indicator
						case "year":
							it.Year = v.Year
						case "title":
							it.Title = v.Title
						case "doc-number":
							it.DocNumber = v.DocNumber
						case "issuer":
							it.Issuer = v.Issuer
						case "date":
							it.IssuedOn = v.IssuedOn
						case "pages":
							it.Pages = v.Pages
						case "class":
							it.Class = v.Class
						case "org":
							it.Org = v.Org
						}
					})
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已修改佐证材料 %d\n", *id)
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-delete",
		summary: "删除一条佐证材料（保留记录和历史）",
		usage:   "--db 文件 --id 编号 --reason 理由",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号")
			reason := fs.String("reason", "", "删除理由")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == 0 || strings.TrimSpace(*reason) == "" {
					return usageError("请指定 --id 和 --reason")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := evidence.Delete(s, *id, *by, *reason); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已删除佐证材料 %d（记录保留在历史中）\n", *id)
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-attach",
		summary: "给一条佐证材料添加附件（PDF、JPEG、PNG）",
		usage:   "--db 文件 --id 编号 --file 路径…",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号")
			var files filesFlag
			fs.Var(&files, "file", "附件文件，可重复")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == 0 || len(files) == 0 {
					return usageError("请指定 --id 和 --file")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				for _, p := range files {
					a, err := evidence.AttachFile(s, *id, p, *by)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "已添加附件 %d「%s」（%s，%s）\n", a.ID, a.Name, a.Mime, sizeText(a.Size))
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-list",
		summary: "列出佐证材料及审核状态",
		usage:   "[--db 文件] [--indicator 序号] [--year 年度] [--org 单位] [--state 状态] [--deleted] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			var f evidence.Filter
			fs.StringVar(&f.Indicator, "indicator", "", "只列这项指标（含子指标）")
			fs.IntVar(&f.Year, "year", 0, "只列这一年（含跨年度材料）")
			org := fs.String("org", "", "只列这个单位报送的")
			state := fs.String("state", "", "只列这个状态：待审、合格、需补充、已整改")
			fs.BoolVar(&f.Deleted, "deleted", false, "包括已删除的")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				f.SpanningToo = true
				if *state != "" {
					st, err := evidence.ParseState(*state)
					if err != nil {
						return err
					}
					f.State = st
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				if f.Org, err = orgID(s, *org); err != nil {
					return err
				}
				items, err := evidence.List(s, f)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSONList(e, items)
				}
				if len(items) == 0 {
					fmt.Fprintln(e.stdout, "（没有佐证材料）")
					return nil
				}
				for _, it := range items {
					fmt.Fprintf(e.stdout, "%4d  指标 %-5s %-7s [%s] %s", it.ID, it.Indicator, it.YearLabel(), it.StateLabel, it.Title)
					if it.DocNumber != "" {
						fmt.Fprintf(e.stdout, "  %s", it.DocNumber)
					}
					if len(it.Attachments) > 0 {
						fmt.Fprintf(e.stdout, "  附件 %d", len(it.Attachments))
					}
					if it.DeletedAt != "" {
						fmt.Fprint(e.stdout, "（已删除）")
					}
					fmt.Fprintln(e.stdout)
					if it.State == evidence.StateNeedsMore {
						fmt.Fprintf(e.stdout, "      反馈：%s\n", it.Feedback)
					}
				}
				fmt.Fprintf(e.stdout, "共 %d 条\n", len(items))
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-review",
		summary: "审核一条佐证材料：合格、需补充（须写反馈意见）或已整改",
		usage:   "--db 文件 --id 编号 --state 合格|需补充|已整改 [--feedback 意见] [--by 审核人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号")
			state := fs.String("state", "", "合格、需补充 或 已整改")
			feedback := fs.String("feedback", "", "反馈意见（需补充时必填），或整改说明")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == 0 || *state == "" {
					return usageError("请指定 --id 和 --state")
				}
				st, err := evidence.ParseState(*state)
				if err != nil {
					return err
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := evidence.Review(s, *id, st, *feedback, *by); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "佐证材料 %d 已标为「%s」\n", *id, st.Label())
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-history",
		summary: "查看一条佐证材料的历史（登记、修改、附件、审核）",
		usage:   "[--db 文件] --id 编号 [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				if *id == 0 {
					return usageError("请用 --id 指定佐证材料编号")
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				it, err := evidence.Get(s, *id)
				if err != nil {
					return err
				}
				hs, err := evidence.History(s, *id)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, hs)
				}
				fmt.Fprintf(e.stdout, "佐证材料 %d：指标 %s %s「%s」 当前状态：%s\n", it.ID, it.Indicator, it.YearLabel(), it.Title, it.StateLabel)
				for _, h := range hs {
					fmt.Fprintf(e.stdout, "  %s  %s  %s\n", h.At, h.Actor, h.Describe())
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-export",
		summary: "把一条佐证材料的附件写到文件夹（安全文件名，不覆盖）",
		usage:   "[--db 文件] --id 编号 --out 文件夹",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("id", 0, "佐证材料编号")
			out := fs.String("out", "", "输出文件夹（须已存在）")
			return func(e *env) error {
				if *id == 0 || *out == "" {
					return usageError("请指定 --id 和 --out")
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				it, err := evidence.Get(s, *id)
				if err != nil {
					return err
				}
				if len(it.Attachments) == 0 {
					return fmt.Errorf("佐证材料 %d 没有附件", *id)
				}
				written := 0
				var refused []string
				for _, a := range it.Attachments {
					p, err := evidence.Export(s, a.ID, *out)
					if err != nil {
						refused = append(refused, err.Error())
						fmt.Fprintf(e.stderr, "未写出：%v\n", err)
						continue
					}
					written++
					fmt.Fprintf(e.stdout, "已写出 %s\n", p)
				}
				switch {
				case len(refused) == 0:
					return nil
				case written == 0:
					return fmt.Errorf("佐证材料 %d 的 %d 个附件都未写出：%s", *id, len(refused), strings.Join(refused, "；"))
				}
				return partialError("佐证材料 %d 写出 %d 个附件，%d 个未写出（见上）", *id, written, len(refused))
			}
		},
	})

	register(&command{
		name:    "evidence-feedback",
		summary: "按单位列出条目式反馈（需补充的材料和缺少材料的指标年度）",
		usage:   "[--db 文件] [--org 单位] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			org := fs.String("org", "", "只看这个单位")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				only, err := orgID(s, *org)
				if err != nil {
					return err
				}
				all, err := evidence.FeedbackByOrg(s)
				if err != nil {
					return err
				}
				fb := []evidence.OrgFeedback{}
				for _, o := range all {
					if only == "" || o.Org == only {
						fb = append(fb, o)
					}
				}
				if *asJSON {
					return writeJSON(e, fb)
				}
				if len(fb) == 0 {
					fmt.Fprintln(e.stdout, "（没有需要反馈的条目）")
				}
				for _, o := range fb {
					fmt.Fprintf(e.stdout, "%s（%d 条）\n", o.Name, len(o.Items))
					for i, it := range o.Items {
						if it.Kind == evidence.FeedbackNeedsMore {
							fmt.Fprintf(e.stdout, "  %d. 指标 %s「%s」%s 佐证材料 %d「%s」：%s\n", i+1, it.Indicator, it.Name, yearText(it.Year), it.ItemID, it.Title, it.Feedback)
						} else {
							fmt.Fprintf(e.stdout, "  %d. 指标 %s「%s」%s：%s\n", i+1, it.Indicator, it.Name, yearText(it.Year), it.Feedback)
						}
					}
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "evidence-completeness",
		summary: "佐证材料完整性：每项指标每个考核年度至少一条合格材料",
		usage:   "[--db 文件] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				sum, err := evidence.Completeness(s)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, sum)
				}
				fmt.Fprintf(e.stdout, "佐证材料完整性：%d/%d 个指标年度已有合格材料（%.0f%%）\n", sum.Complete, sum.Total, sum.Share*100)
				fmt.Fprintf(e.stdout, "材料状态：")
				for i, st := range evidence.States {
					if i > 0 {
						fmt.Fprint(e.stdout, "、")
					}
					fmt.Fprintf(e.stdout, "%s %d", st.Label(), sum.States[st])
				}
				fmt.Fprintln(e.stdout)
				for _, o := range sum.ByOrg {
					if len(o.Missing) == 0 {
						continue
					}
					fmt.Fprintf(e.stdout, "  %s：%d/%d，未完成：", o.Name, o.Complete, o.Total)
					for _, c := range o.Missing {
						fmt.Fprintf(e.stdout, " %s/%d（%s）", c.Indicator, c.Year, c.Status())
					}
					fmt.Fprintln(e.stdout)
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "milestones",
		summary: "实施方案节点：各单位进度、逾期和下一个节点",
		usage:   "[--db 文件] [--today 日期] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			today := fs.String("today", "", "按这一天判断逾期（YYYY-MM-DD），默认项目设置的日期或今天")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				var day time.Time
				if *today != "" {
					t, err := time.Parse("2006-01-02", *today)
					if err != nil {
						return fmt.Errorf("日期 %q 无效，应写成 2018-05-20", *today)
					}
					day = t
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				if day.IsZero() {
					if day, err = evidence.Today(s); err != nil {
						return err
					}
				}
				rows, err := evidence.MilestoneStatus(s, day)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, rows)
				}
				fmt.Fprintf(e.stdout, "节点进度（按 %s 判断）\n", day.Format("2006-01-02"))
				last := ""
				for _, r := range rows {
					if r.Milestone != last {
						last = r.Milestone
						fmt.Fprintf(e.stdout, "\n[%s] %s %s（期限 %s）\n", r.Milestone, r.DueText, r.What, r.Due)
					}
					mark := ""
					switch {
					case r.Overdue:
						mark = fmt.Sprintf("  逾期 %d 天", -r.DaysLeft)
					case r.Late:
						mark = "  逾期报送"
					}
					fmt.Fprintf(e.stdout, "  %s %s%s", pad(r.OrgName, 12), r.StateLabel, mark)
					if r.At != "" {
						fmt.Fprintf(e.stdout, "  %s %s", r.At[:min(10, len(r.At))], r.Actor)
					}
					if r.Note != "" {
						fmt.Fprintf(e.stdout, "  %s", r.Note)
					}
					fmt.Fprintln(e.stdout)
				}
				over := evidence.Overdue(rows)
				fmt.Fprintf(e.stdout, "\n逾期 %d 项", len(over))
				if next := evidence.Upcoming(rows); len(next) > 0 {
					fmt.Fprintf(e.stdout, "；下一个节点：%s %s（期限 %s，还有 %d 天，%d 个单位未完成）", next[0].DueText, next[0].What, next[0].Due, next[0].DaysLeft, len(next))
				}
				fmt.Fprintln(e.stdout)
				return nil
			}
		},
	})

	register(&command{
		name:    "milestone-set",
		summary: "记录一个单位在某个节点上的状态（已报送、已退回、已通过…）",
		usage:   "--db 文件 --milestone 节点 --org 单位 --state 状态 [--date 日期] [--note 说明] [--by 操作人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.String("milestone", "", "节点标识，如 evidence-submit（见 milestones）")
			org := fs.String("org", "", "单位（名称或标识）")
			state := fs.String("state", "", "未报送、已报送、已退回 或 已通过")
			note := fs.String("note", "", "说明（如退回原因）")
			date := fs.String("date", "", "达到该状态的日期 YYYY-MM-DD（默认为项目的今天）")
			by := actorFlag(fs)
			return func(e *env) error {
				var day time.Time
				if *date != "" {
					d, err := time.Parse("2006-01-02", *date)
					if err != nil {
						return fmt.Errorf("日期 %q 无效，应为 YYYY-MM-DD", *date)
					}
					day = d
				}
				if *id == "" || *org == "" || *state == "" {
					return usageError("请指定 --milestone、--org 和 --state")
				}
				st, err := evidence.ParseMilestoneState(*state)
				if err != nil {
					return err
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := evidence.SetMilestoneOn(s, *id, *org, st, day, *by, *note); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已记录：%s 在节点 %s 上「%s」\n", *org, *id, st.Label())
				return nil
			}
		},
	})
}

// pad fills s with spaces to a display width, Chinese characters counting two.
func pad(s string, width int) string {
	w := 0
	for _, r := range s {
		if r >= 0x1100 {
			w += 2
		} else {
			w++
		}
	}
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

func yearText(y int) string {
	if y == 0 {
		return "跨年度"
	}
	return fmt.Sprintf("%d年", y)
}
