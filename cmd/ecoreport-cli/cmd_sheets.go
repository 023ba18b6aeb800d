package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"ecoreport/app/assess"
	"ecoreport/app/sheets"
	"ecoreport/report/feedback"
)

func init() {
	register(&command{
		name:    "templates",
		summary: "为每个牵头/配合单位生成指标填报表（.xlsx）",
		usage: "[--db 文件] --out 文件夹 [--monitoring] [--force]\n\n" +
			"每个单位一份「单位-指标填报表-日期.xlsx」。其中任何一个文件已存在时不覆盖、什么都不写（退出码 1）；\n" +
			"确需替换（如当天重新生成）请加 --force。",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			out := fs.String("out", "", "输出文件夹")
			monitoring := fs.Bool("monitoring", false, "同时包含监测年度（默认只含考核年度）")
			force := fs.Bool("force", false, "输出文件已存在时替换它们")
			return func(e *env) error {
				if *out == "" {
					return exitError{2, errors.New("请用 --out 指定输出文件夹")}
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				a, err := assess.Load(s)
				if err != nil {
					return err
				}
				opt := sheets.ExportOptions{Contact: sheets.OfficeContact(s), Replace: *force, Now: clock()}
				if *monitoring {
					opt.Years = a.Settings.Years()
				}
				paths, err := sheets.WriteTemplates(a, *out, opt)
				for _, p := range paths {
					fmt.Fprintln(e.stdout, p)
				}
				if err != nil {
					return partial(len(paths), forceHint(err, *force))
				}
				fmt.Fprintf(e.stdout, "已生成 %d 个单位的指标填报表\n", len(paths))
				return nil
			}
		},
	})

	register(&command{
		name:    "import",
		summary: "导入各单位填好的指标填报表（先试导入，再一次性写入）",
		usage: "--db 文件 [--dry-run] [--strict] [--accept-warnings] [--json] 文件或文件夹...\n\n" +
			"退出码：0 全部写入（--dry-run 时：全部可以写入）；1 因文件或数值有误，未写入任何数据；\n" +
			"2 用法错误；3 部分写入，其余文件或数值被拒绝、冲突或待确认（见列出的问题）。\n" +
			"与原值或相邻年度相差 10 倍以上的值待确认，核实后加 --accept-warnings 才写入。",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			dry := fs.Bool("dry-run", false, "只检查和分类（新增/修改/无变化/冲突），不写入")
			strict := fs.Bool("strict", false, "有任何错误或冲突时不写入")
			accept := fs.Bool("accept-warnings", false, "同时写入待确认的值（与原值或相邻年度相差 10 倍以上，已核实无误）")
			asJSON := jsonFlag(fs)
			by := actorFlag(fs)
			return func(e *env) error {
				if *db == "" {
					return exitError{2, errors.New("请用 --db 指定项目数据库文件")}
				}
				if len(e.args) == 0 {
					return exitError{2, errors.New("请指定要导入的文件或文件夹")}
				}
				inputs, err := sheets.ReadInputs(e.args)
				if err != nil {
					return err
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				rep, err := sheets.Import(context.Background(), s, inputs,
					sheets.ImportOptions{DryRun: *dry, Strict: *strict, Actor: *by, AcceptWarnings: *accept})
				if err != nil {
					return err
				}
				if *asJSON {
					if err := writeJSON(e, rep); err != nil {
						return err
					}
				} else {
					printImport(e, rep)
				}
				return importExit(rep)
			}
		},
	})

	register(&command{
		name:    "imports",
		summary: "查看导入历史",
		usage:   "--db 文件 [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				if *db == "" {
					return exitError{2, errors.New("请用 --db 指定项目数据库文件")}
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				list, err := sheets.Imports(s)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSONList(e, list)
				}
				if len(list) == 0 {
					fmt.Fprintln(e.stdout, "（还没有导入记录）")
				}
				for _, r := range list {
					state := ""
					if r.UndoneAt != "" {
						state = "  [已于 " + r.UndoneAt + " 撤销]"
					}
					fmt.Fprintf(e.stdout, "#%d  %s  %s  写入 %d 个值、%d 条佐证材料%s\n", r.ID, r.At, r.Actor, r.Values, r.Evidence, state)
					for _, f := range r.Files {
						fmt.Fprintf(e.stdout, "    %s  单位 %s  新增 %d 修改 %d 无变化 %d 冲突 %d 错误 %d 警告 %d  SHA-256 %s\n",
							f.File, f.Org, f.Counts.New, f.Counts.Changed, f.Counts.Unchanged, f.Counts.Conflicts, f.Counts.Errors, f.Counts.Warnings, f.SHA256[:12])
					}
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "undo-import",
		summary: "撤销一次导入（恢复导入前的值，历史记录保留）",
		usage:   "--db 文件 导入编号",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			by := actorFlag(fs)
			return func(e *env) error {
				if *db == "" || len(e.args) != 1 {
					return exitError{2, errors.New("请指定 --db 和一个导入编号（见 imports 命令）")}
				}
				id, err := strconv.ParseInt(e.args[0], 10, 64)
				if err != nil {
					return exitError{2, fmt.Errorf("导入编号 %q 无效，应为数字，如 3", e.args[0])}
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				r, err := sheets.Undo(context.Background(), s, id, *by)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已撤销导入 #%d：恢复 %d 个值，删除 %d 条佐证材料\n", id, r.Restored, r.Evidence)
				for _, k := range r.Kept {
					fmt.Fprintln(e.stdout, "  "+k)
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "feedback",
		summary: "为每个牵头单位生成条目式问题反馈单（.xlsx 表格和 .pdf 打印版）",
		usage: "[--db 文件] --out 文件夹 [--format both|xlsx|pdf] [--fonts system] [--force] [--json]\n\n" +
			"每个单位生成两个文件：「单位-问题反馈单-日期.xlsx」供填写后报回，\n" +
			"「单位-问题反馈单-日期.pdf」供打印、手写整改情况并签字盖章。\n" +
			"PDF 上的日期是数据的最后修改时间（数据截至），相同数据生成相同的文件。\n" +
			"其中任何一个文件已存在时不覆盖、什么都不写（退出码 1）；确需替换请加 --force。",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			out := fs.String("out", "", "输出文件夹")
			format := fs.String("format", "both", "生成的文件：both（表格和 PDF）、xlsx（只生成表格）或 pdf（只生成 PDF）")
			fonts := fs.String("fonts", "", "PDF 字体。system：使用本机的仿宋、黑体、楷体、小标宋字体；bundled：使用内置开源字体（默认按项目设置）")
			asJSON := fs.Bool("json", false, "只输出反馈条目的 JSON，不生成文件")
			force := fs.Bool("force", false, "输出文件已存在时替换它们")
			return func(e *env) error {
				if *out == "" && !*asJSON {
					return exitError{2, errors.New("请用 --out 指定输出文件夹")}
				}
				wantXLSX, wantPDF := *format == "both" || *format == "xlsx", *format == "both" || *format == "pdf"
				if !wantXLSX && !wantPDF {
					return usageError("--format %q 无效，应为 both、xlsx 或 pdf", *format)
				}
				if f := *fonts; f != "" && f != "system" && f != "bundled" {
					return exitError{2, fmt.Errorf("字体选项 %q 无效，应为 system 或 bundled", f)}
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				a, fbs, err := sheets.LoadFeedback(s)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, fbs)
				}
				now := clock()
				if !*force {
					// All or nothing: refuse before writing the first file.
					var targets []string
					if wantXLSX {
						targets = append(targets, sheets.FeedbackPaths(fbs, *out, now)...)
					}
					if wantPDF {
						targets = append(targets, feedback.Paths(fbs, *out, now)...)
					}
					if err := sheets.RefuseExisting(targets); err != nil {
						return forceHint(err, *force)
					}
				}
				var xlsx, pdfs []string
				if wantXLSX {
					write := sheets.WriteFeedback
					if *force {
						write = sheets.WriteFeedbackReplacing
					}
					xlsx, err = write(a, fbs, *out, now)
					if err != nil {
						return partial(len(xlsx), forceHint(err, *force))
					}
				}
				if wantPDF {
					opt := feedback.Options{Replace: *force}
					if opt.Date, err = feedback.SnapshotDate(s); err != nil {
						return err
					}
					switch f := *fonts; {
					case f == "":
						f = a.Settings.Fonts
						opt.Fonts.UseSystem = f == "system"
					case f == "system":
						opt.Fonts.UseSystem = true
					case f != "bundled":
						return fmt.Errorf("字体选项 %q 无效，应为 system 或 bundled", f)
					}
					deadlines, err := feedback.Deadlines(s, a.Catalog)
					if err != nil {
						return err
					}
					pdfs, err = feedback.WriteAll(a, fbs, *out, now, deadlines, opt)
					if err != nil {
						return partial(len(xlsx)+len(pdfs), forceHint(err, *force))
					}
				}
				for i, fb := range fbs {
					if i < len(xlsx) {
						fmt.Fprintf(e.stdout, "%s（%d 条）\n", xlsx[i], len(fb.Items))
					}
					if i < len(pdfs) {
						fmt.Fprintf(e.stdout, "%s（%d 条）\n", pdfs[i], len(fb.Items))
					}
				}
				fmt.Fprintf(e.stdout, "已生成 %d 个单位的问题反馈单\n", len(fbs))
				return nil
			}
		},
	})

	register(&command{
		name:    "export-summary",
		summary: "生成创建办用的指标任务分解汇总表（.xlsx）",
		usage: "[--db 文件] --out 文件.xlsx [--force]\n\n" +
			"输出文件已存在时不覆盖并报错（退出码 1）；确需替换请加 --force。",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			out := fs.String("out", "", "输出文件（.xlsx）")
			force := fs.Bool("force", false, "输出文件已存在时覆盖它")
			return func(e *env) error {
				if *out == "" {
					return exitError{2, errors.New("请用 --out 指定输出文件")}
				}
				if !*force {
					if _, err := os.Stat(*out); err == nil {
						return fmt.Errorf("文件 %s 已存在，未覆盖；确需替换请加 --force", *out)
					}
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				a, err := assess.Load(s)
				if err != nil {
					return err
				}
				f, err := sheets.Summary(a, clock())
				if err != nil {
					return err
				}
				defer func() { _ = f.Close() }() // written by SaveWorkbook, whose error is checked
				if err := sheets.SaveWorkbook(f, *out, *force); err != nil {
					if errors.Is(err, os.ErrExist) {
						return fmt.Errorf("%w；确需替换请加 --force", err)
					}
					return err
				}
				fmt.Fprintf(e.stdout, "已生成 %s\n", *out)
				return nil
			}
		},
	})
}

// printImport prints an import report for people: the report (per file
// what it brings, the values to write or kept, the totals, the outcome) on
// standard output; what is refused or needs attention (the problems of the
// files, conflicts, values held for confirmation, files imported before)
// line by line on standard error, each line naming its file or cell.
func printImport(e *env, r *sheets.Report) {
	for _, f := range r.Files {
		who := f.OrgName
		if who == "" {
			who = "单位未识别"
		}
		fmt.Fprintf(e.stdout, "文件 %s（%s）", f.File, who)
		if f.Rejected {
			fmt.Fprint(e.stdout, "：未能导入（原因见标准错误）")
		} else {
			c := f.Counts
			fmt.Fprintf(e.stdout, "：新增 %d，修改 %d，无变化 %d，冲突 %d，保留数据库值 %d；佐证材料新增 %d、重复 %d",
				c.New, c.Changed, c.Unchanged, c.Conflicts, c.Stale, c.Evidence, c.EvidenceSame)
		}
		fmt.Fprintln(e.stdout)
		if len(f.ImportedBefore) > 0 {
			ids := make([]string, len(f.ImportedBefore))
			for i, id := range f.ImportedBefore {
				ids[i] = "#" + strconv.FormatInt(id, 10)
			}
			fmt.Fprintf(e.stderr, "注意：文件 %s 与导入 %s 中的文件相同（SHA-256 一致），已经导入过\n", f.File, strings.Join(ids, "、"))
		}
		for _, p := range f.Problems {
			fmt.Fprintln(e.stderr, p.String())
		}
	}
	for _, it := range r.Items {
		if it.Outcome == sheets.Unchanged {
			continue
		}
		field := ""
		if it.Field == "condition" {
			field = "[附加条件]"
		}
		old := it.Old
		if old == "" {
			old = "—"
		}
		label := it.Outcome.Label()
		if it.SourceOrNote {
			label = "修改来源/备注" // the Reason says from what to what
		}
		w := e.stdout
		held := r.IsHeld(it)
		if held || it.Outcome == sheets.Held || it.Outcome == sheets.Conflict {
			w = e.stderr
		}
		if held && r.DryRun {
			label += "（待确认）"
		}
		fmt.Fprintf(w, "%s  指标 %s「%s」%d年%s：%s → %s  （%s %s）", label, it.Indicator, it.Name, it.Year, field, old, it.New, it.Sheet, it.Cell)
		if it.Reason != "" {
			fmt.Fprint(w, "  "+it.Reason)
		}
		fmt.Fprintln(w)
	}
	printNarrativeItems(e, r.Narratives)
	c := r.Counts
	fmt.Fprintf(e.stdout, "合计：新增 %d，修改 %d，无变化 %d，冲突 %d，保留数据库值 %d，待确认 %d，错误 %d，警告 %d；佐证材料新增 %d、重复 %d\n",
		c.New, c.Changed, c.Unchanged, c.Conflicts, c.Stale, len(r.Held()), c.Errors, c.Warnings, c.Evidence, c.EvidenceSame)
	switch {
	case r.Committed:
		fmt.Fprintf(e.stdout, "已导入，导入编号 #%d（如需撤销：undo-import %d）\n", r.ImportID, r.ImportID)
	case r.Note != "":
		fmt.Fprintln(e.stdout, r.Note)
	}
}

// importExit turns an import report into the command's exit: nil (0) when
// everything requested was written, or with --dry-run would be; exit 3 when
// some was written (or would be) and some refused, in conflict or held;
// exit 1 when nothing was written. The problems are listed already.
func importExit(r *sheets.Report) error {
	if r.Complete() {
		return nil
	}
	c := r.Counts
	rejected := 0
	for _, f := range r.Files {
		if f.Rejected {
			rejected++
		}
	}
	what := fmt.Sprintf("%d 个文件未能导入，%d 处错误，%d 处冲突，%d 个值待确认", rejected, c.Errors, c.Conflicts, len(r.Held()))
	if r.DryRun {
		if r.Written() {
			return exitError{3, fmt.Errorf("试导入：只有部分数据可以写入（%s，见标准错误上所列）", what)}
		}
		return exitError{1, fmt.Errorf("试导入：没有可以写入的数据（%s，见标准错误上所列）", what)}
	}
	if r.Committed {
		return exitError{3, fmt.Errorf("部分写入，导入编号 #%d；其余未写入（%s，见标准错误上所列）", r.ImportID, what)}
	}
	return exitError{1, fmt.Errorf("未写入任何数据（%s，见标准错误上所列）", what)}
}

// forceHint adds to a refusal to replace existing files how to replace
// them, unless they were to be replaced (force); other errors pass
// unchanged.
func forceHint(err error, force bool) error {
	if !force && errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w\n确需替换这些文件请加 --force。", err)
	}
	return err
}

// partial is the exit of a command that writes several files and failed
// after writing some of them: 3 when some were written, else 1.
func partial(written int, err error) error {
	if written > 0 {
		return exitError{3, fmt.Errorf("已生成 %d 个文件后出错：%w", written, err)}
	}
	return err
}
