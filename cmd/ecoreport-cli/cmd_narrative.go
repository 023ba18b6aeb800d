package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"ecoreport/app/assess"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/report/narrative"
)

// maxTextFile bounds a text file read by narrative-set.
const maxTextFile = 64 << 10

func parseReviewState(s string) (store.NarrativeState, error) {
	switch strings.TrimSpace(s) {
	case "合格", "accepted", "通过":
		return store.NarrativeAccepted, nil
	case "需补充", "needs_more", "退回":
		return store.NarrativeNeedsMore, nil
	}
	return "", fmt.Errorf("审核结论 %q 无效，应为 合格 或 需补充", s)
}

// narrativeRow is one text as narratives --json prints it.
type narrativeRow struct {
	Indicator string `json:"indicator"`
	Name      string `json:"name"`
	Field     string `json:"field"`
	Label     string `json:"label"`
	State     string `json:"state"` // 缺 when there is no text
	Chars     int    `json:"chars"`
	Actor     string `json:"actor,omitempty"`
	Org       string `json:"org,omitempty"`
	At        string `json:"at,omitempty"`
	Feedback  string `json:"feedback,omitempty"`
	Text      string `json:"text,omitempty"`
}

func init() {
	register(&command{
		name:    "narratives",
		summary: "列出各指标的主要措施、主要成效、存在问题文字及审核状态",
		usage:   "[--db 文件] [--indicator 序号] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "只列这项指标（含子指标），并显示全文")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				cat, err := s.Catalog()
				if err != nil {
					return err
				}
				texts, err := s.Narratives()
				if err != nil {
					return err
				}
				if *code != "" {
					if _, ok := cat.Indicator(*code); !ok {
						return fmt.Errorf("指标 %s 不存在", *code)
					}
				}
				rows := []narrativeRow{}
				for _, ind := range cat.All() {
					if *code != "" && ind.Code != *code && (ind.Parent == nil || ind.Parent.Code != *code) {
						continue
					}
					for _, f := range store.NarrativeFields {
						n, ok := texts[store.NarrativeKey{Code: ind.Code, Field: f}]
						if !ok && (ind.IsSub() || f == store.Problems) {
							continue // optional: listed only when written
						}
						r := narrativeRow{Indicator: ind.Code, Name: ind.FullName(), Field: string(f), Label: f.Label(), State: "缺"}
						if ok {
							r.State, r.Chars, r.Actor, r.At, r.Feedback = n.State.Label(), utf8.RuneCountInString(n.Text), n.Actor, n.At, n.Feedback
							if o, found := cat.Org(n.Org); found {
								r.Org = o.Name
							}
							if *code != "" || *asJSON {
								r.Text = n.Text
							}
						}
						rows = append(rows, r)
					}
				}
				if *asJSON {
					return writeJSON(e, rows)
				}
				counts := map[string]int{}
				for _, r := range rows {
					counts[r.State]++
					fmt.Fprintf(e.stdout, "指标 %-5s %-8s [%s] %s", r.Indicator, r.Label, r.State, r.Name)
					if r.Chars > 0 {
						fmt.Fprintf(e.stdout, "  %d 字  %s %s", r.Chars, r.Actor, shortAt(r.At))
					}
					fmt.Fprintln(e.stdout)
					if r.Feedback != "" && r.State != "合格" {
						fmt.Fprintf(e.stdout, "      审核意见：%s\n", r.Feedback)
					}
					if r.Text != "" {
						for _, line := range strings.Split(r.Text, "\n") {
							fmt.Fprintf(e.stdout, "      %s\n", line)
						}
					}
				}
				fmt.Fprintf(e.stdout, "共 %d 项：合格 %d，待审 %d，需补充 %d，已整改 %d，缺 %d\n", len(rows),
					counts["合格"], counts["待审"], counts["需补充"], counts["已整改"], counts["缺"])
				return nil
			}
		},
	})

	register(&command{
		name:    "narrative-set",
		summary: "写入一项指标的主要措施、主要成效或存在问题（保留历史，可用占位符如 {{指标值 27 2017}}）",
		usage:   "[--db 文件] --indicator 序号 --field 主要措施|主要成效|存在问题 (--text 文字 | --file 文本文件) [--org 单位] [--by 操作人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号，如 27 或 9.1")
			field := fs.String("field", "", "主要措施、主要成效 或 存在问题")
			text := fs.String("text", "", "文字；空字符串表示清除")
			file := fs.String("file", "", "从 UTF-8 文本文件读入文字")
			org := fs.String("org", "", "撰写单位（名称或标识）")
			by := actorFlag(fs)
			return func(e *env) error {
				if *code == "" || *field == "" || (!flagGiven(fs, "text") && *file == "") {
					return usageError("请指定 --indicator、--field 和 --text（或 --file）")
				}
				f, err := store.ParseNarrativeField(*field)
				if err != nil {
					return err
				}
				body := *text
				if *file != "" {
					info, err := os.Stat(*file)
					if err != nil {
						return fmt.Errorf("读取 %s：%w", *file, err)
					}
					if info.Size() > maxTextFile {
						return fmt.Errorf("文本文件 %s 有 %d 字节，超过上限 %d 字节", *file, info.Size(), maxTextFile)
					}
					b, err := os.ReadFile(*file)
					if err != nil {
						return fmt.Errorf("读取 %s：%w", *file, err)
					}
					if !utf8.Valid(b) {
						return fmt.Errorf("文本文件 %s 不是 UTF-8 编码，请另存为 UTF-8", *file)
					}
					body = strings.TrimPrefix(string(b), "\ufeff")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				a, err := assess.Load(s)
				if err != nil {
					return err
				}
				if err := narrative.CheckText(a, *code, f, body); err != nil {
					return err
				}
				orgID := ""
				if *org != "" {
					o, ok := a.Catalog.FindOrg(*org)
					if !ok {
						return fmt.Errorf("单位 %q 不存在", *org)
					}
					orgID = o.ID
				}
				n := store.Narrative{Code: *code, Field: f, Text: body,
					Provenance: store.Provenance{Actor: *by, Origin: "cli", Org: orgID}}
				if *file != "" {
					n.File = *file
				}
				if err := s.SetNarrative(context.Background(), n); err != nil {
					return err
				}
				if strings.TrimSpace(body) == "" {
					fmt.Fprintf(e.stdout, "已清除指标 %s 的%s\n", *code, f.Label())
				} else {
					fmt.Fprintf(e.stdout, "已写入指标 %s 的%s（%d 字），状态：待审\n", *code, f.Label(), utf8.RuneCountInString(strings.TrimSpace(body)))
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "narrative-review",
		summary: "审核一项指标的文字：合格，或需补充（须写审核意见，进入问题反馈单）",
		usage:   "[--db 文件] --indicator 序号 --field 栏目 --state 合格|需补充 [--feedback 意见] [--by 审核人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号")
			field := fs.String("field", "", "主要措施、主要成效 或 存在问题")
			state := fs.String("state", "", "合格 或 需补充")
			feedback := fs.String("feedback", "", "审核意见（需补充时必填）")
			by := actorFlag(fs)
			return func(e *env) error {
				if *code == "" || *field == "" || *state == "" {
					return usageError("请指定 --indicator、--field 和 --state")
				}
				f, err := store.ParseNarrativeField(*field)
				if err != nil {
					return err
				}
				st, err := parseReviewState(*state)
				if err != nil {
					return err
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := s.ReviewNarrative(*code, f, st, *feedback, *by); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "指标 %s 的%s已标为「%s」\n", *code, f.Label(), st.Label())
				return nil
			}
		},
	})

	register(&command{
		name:    "narrative-history",
		summary: "查看一项指标某栏文字的全部历史版本（谁、何时、从哪里）",
		usage:   "[--db 文件] --indicator 序号 --field 栏目 [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号")
			field := fs.String("field", "", "主要措施、主要成效 或 存在问题")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				if *code == "" || *field == "" {
					return usageError("请指定 --indicator 和 --field")
				}
				f, err := store.ParseNarrativeField(*field)
				if err != nil {
					return err
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				h, err := s.NarrativeHistory(*code, f)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSONList(e, h)
				}
				if len(h) == 0 {
					fmt.Fprintf(e.stdout, "指标 %s 的%s没有任何版本\n", *code, f.Label())
					return nil
				}
				for _, n := range h {
					where := n.Origin
					if n.File != "" {
						where += " " + n.File
						if n.Sheet != "" {
							where += " " + n.Sheet + "!" + n.Cell
						}
					}
					fmt.Fprintf(e.stdout, "#%d  %s  %s  （%s）  %d 字\n", n.ID, shortAt(n.At), n.Actor, where, utf8.RuneCountInString(n.Text))
				}
				return nil
			}
		},
	})
}

// printNarrativeItems lists the texts of an import (工作措施与成效) that are
// not unchanged.
func printNarrativeItems(e *env, items []sheets.NarrativeItem) {
	for _, it := range items {
		if it.Outcome == sheets.Unchanged {
			continue
		}
		fmt.Fprintf(e.stdout, "%s  指标 %s「%s」%s：%d 字  （%s %s）", it.Outcome.Label(), it.Indicator, it.Name, it.Field,
			utf8.RuneCountInString(it.New), it.Sheet, it.Cell)
		if it.Reason != "" {
			fmt.Fprint(e.stdout, "  "+it.Reason)
		}
		fmt.Fprintln(e.stdout)
	}
}

func shortAt(at string) string {
	if len(at) >= 16 {
		return strings.Replace(at[:16], "T", " ", 1)
	}
	return at
}
