package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"ecoreport/app/catalog"
	"ecoreport/app/demo"
	"ecoreport/app/oserr"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

// project opens the command's project: the --db file, or a temporary copy
// of the embedded demo project when db is empty. run closes it when the
// command returns.
func (e *env) project(db string) (*store.Store, error) {
	var s *store.Store
	var err error
	if db == "" {
		if s, err = demo.Open(); err != nil {
			err = fmt.Errorf("创建示例项目：%w", err)
		}
	} else {
		s, err = store.Open(db)
	}
	if err != nil {
		return nil, err
	}
	e.opened = append(e.opened, s)
	return s, nil
}

// projectToChange is project for a command that changes the project: on
// the demo project it says that the changes are not kept (demoNote).
func (e *env) projectToChange(db string) (*store.Store, error) {
	s, err := e.project(db)
	if err != nil {
		return nil, err
	}
	demoNote(e, db)
	return s, nil
}

// closeProjects closes the projects the command opened.
func (e *env) closeProjects() {
	for _, s := range e.opened {
		s.Close()
	}
	e.opened = nil
}

// dbFlag declares the usual --db option: the project database file, the
// demo project when it is not given.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "项目数据库文件")
}

// jsonFlag declares the usual --json option.
func jsonFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("json", false, "输出 JSON")
}

// writeJSONList writes items as a JSON array, [] rather than null when there
// are none.
func writeJSONList[T any](e *env, items []T) error {
	if items == nil {
		items = []T{}
	}
	return writeJSON(e, items)
}

func demoNote(e *env, db string) {
	if db == "" {
		fmt.Fprintln(e.stderr, "提示：未指定 --db，本次在内置示例项目（示例数据）的临时副本上运行，修改不会保存。")
	}
}

func actorFlag(fs *flag.FlagSet) *string {
	return fs.String("by", defaultActor(), "操作人（记入历史）")
}

func defaultActor() string {
	if u := os.Getenv("ECOREPORT_USER"); u != "" {
		return u
	}
	return "命令行"
}

func init() {
	register(&command{
		name:    "init",
		summary: "新建项目数据库（由内置指标体系生成）",
		usage:   "--db 文件 [--catalog 指标体系.yaml] [--demo]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := fs.String("db", "", "新项目数据库文件（不会覆盖已有文件）")
			catFile := fs.String("catalog", "", "使用另一个指标体系文件（YAML），默认内置的海陵区指标体系")
			withDemo := fs.Bool("demo", false, "同时载入示例数据")
			return func(e *env) error {
				if *db == "" {
					return usageError("请用 --db 指定新项目数据库文件")
				}
				if *withDemo {
					if *catFile != "" {
						return usageError("--demo 只能与内置指标体系一起使用")
					}
					s, err := demo.Create(*db)
					if err != nil {
						return err
					}
					defer s.Close()
					fmt.Fprintf(e.stdout, "已新建示例项目 %s（示例数据）\n", *db)
					return nil
				}
				yaml := seeds.Catalog
				if *catFile != "" {
					b, err := readLimited(*catFile, catalog.MaxFileSize)
					if err != nil {
						return err
					}
					yaml = b
				}
				s, err := store.Create(*db, yaml, nil)
				if err != nil {
					return err
				}
				defer s.Close()
				cat, err := s.Catalog()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已新建项目 %s：指标体系 %s（版本 %s），%d 项指标，%d 个单位\n",
					*db, cat.Name, cat.Version, len(cat.Indicators), len(cat.Organisations))
				return nil
			}
		},
	})

	register(&command{
		name:    "set",
		summary: "录入一个指标值（校验后写入，保留历史）",
		usage: "[--db 文件] --indicator 序号 --year 年度 --value 值 [--source 数据来源] [--condition] [--confirm]\n\n" +
			"与原值或相邻年度的值相差 10 倍以上的值不写入（退出码 1），核实无误后加 --confirm 重新录入。",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号，子指标如 9.1")
			year := fs.Int("year", 0, "年度")
			value := fs.String("value", "", "值；空字符串表示清除")
			source := fs.String("source", "", "数据来源")
			org := fs.String("org", "", "报送单位（名称或标识）")
			cond := fs.Bool("condition", false, "录入目标附加条件（如「能源消耗总量不超过控制目标值」）的是/否")
			confirm := fs.Bool("confirm", false, "确认写入与原值或相邻年度相差 10 倍以上的值（已核实无误）")
			by := actorFlag(fs)
			return func(e *env) error {
				if *code == "" || *year == 0 {
					return exitError{2, errors.New("请指定 --indicator 和 --year")}
				}
				if !flagGiven(fs, "value") {
					return exitError{2, errors.New("请用 --value 指定值（清除请写 --value \"\"）")}
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				orgID := ""
				if *org != "" {
					cat, err := s.Catalog()
					if err != nil {
						return err
					}
					o, ok := cat.FindOrg(*org)
					if !ok {
						return fmt.Errorf("单位 %q 不存在", *org)
					}
					orgID = o.ID
				}
				field := catalog.FieldValue
				if *cond {
					field = catalog.FieldCondition
				}
				change := store.Change{
					Code: *code, Year: *year, Field: field, Raw: *value,
					Provenance: store.Provenance{Actor: *by, Origin: "cli", Org: orgID, Source: *source},
				}
				if !*confirm {
					if err := checkPlausible(s, change); err != nil {
						return err
					}
				}
				ch, err := s.SetValue(context.Background(), change)
				if err != nil {
					return err
				}
				for _, w := range ch.Warnings {
					fmt.Fprintf(e.stderr, "注意：%s\n", w)
				}
				what := fmt.Sprintf("指标 %s「%s」%d年", ch.Ind.Code, ch.Ind.FullName(), *year)
				shown := ch.Value.Format(ch.Ind.MeasureUnit, -1)
				switch {
				case !ch.Written && ch.Cleared:
					fmt.Fprintf(e.stdout, "%s没有值，无需清除，未写入任何内容\n", what)
				case !ch.Written:
					fmt.Fprintf(e.stdout, "%s已是 %s，数据来源相同，没有变化，未写入任何内容\n", what, shown)
				case ch.Cleared:
					fmt.Fprintf(e.stdout, "已清除 %s的值\n", what)
				case ch.SameValue:
					was := "空白"
					if ch.Before.Source != "" {
						was = "「" + ch.Before.Source + "」"
					}
					fmt.Fprintf(e.stdout, "已记录 %s的数据来源：「%s」（原为%s；数值 %s 未变）\n", what, ch.Source, was, shown)
				default:
					fmt.Fprintf(e.stdout, "已记录 %s：%s\n", what, shown)
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "history",
		summary: "查看一个指标值的修改历史（谁、何时、从哪里来）",
		usage:   "[--db 文件] --indicator 序号 [--year 年度] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号，子指标如 9.1")
			year := fs.Int("year", 0, "只看这一年")
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				if *code == "" {
					return usageError("请用 --indicator 指定指标序号")
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				cat, err := s.Catalog()
				if err != nil {
					return err
				}
				ind, ok := cat.Indicator(*code)
				if !ok {
					return fmt.Errorf("指标 %q 不存在", *code)
				}
				hs, err := s.History(*code, *year)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSONList(e, hs)
				}
				fmt.Fprintf(e.stdout, "指标 %s「%s」的修改历史\n", ind.Code, ind.FullName())
				if len(hs) == 0 {
					fmt.Fprintln(e.stdout, "（没有记录）")
				}
				for _, h := range hs {
					what := h.Value
					if what == "" {
						what = "（清除）"
					}
					old := h.Old
					if old == "" {
						old = "—"
					}
					field := ""
					if h.Field == catalog.FieldCondition {
						field = "[附加条件]"
					}
					fmt.Fprintf(e.stdout, "%d年%s  %s → %s  %s  %s", h.Year, field, old, what, h.At, h.Actor)
					if h.File != "" {
						fmt.Fprintf(e.stdout, "  文件 %s 工作表 %s 单元格 %s", h.File, h.Sheet, h.Cell)
					}
					if h.Source != "" {
						fmt.Fprintf(e.stdout, "  来源：%s", h.Source)
					}
					if h.Note != "" {
						fmt.Fprintf(e.stdout, "  备注：%s", h.Note)
					}
					if h.Origin == "undo" {
						fmt.Fprint(e.stdout, "  （撤销导入，恢复为导入前的值）")
					}
					fmt.Fprintln(e.stdout)
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "backup",
		summary: "备份项目数据库（一致的副本，可在使用中备份）",
		usage:   "--db 文件 --out 备份文件",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			out := fs.String("out", "", "备份文件（不会覆盖已有文件）")
			return func(e *env) error {
				if *db == "" || *out == "" {
					return usageError("请指定 --db 和 --out")
				}
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				if err := s.Backup(*out); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已备份到 %s\n", *out)
				return nil
			}
		},
	})

	register(&command{
		name:    "restore",
		summary: "从备份恢复项目数据库（当前数据库先另存，不会丢失）",
		usage:   "--from 备份文件 --db 文件",
		flags: func(fs *flag.FlagSet) func(*env) error {
			from := fs.String("from", "", "备份文件")
			db := fs.String("db", "", "要恢复到的项目数据库文件")
			return func(e *env) error {
				if *from == "" || *db == "" {
					return usageError("请指定 --from 和 --db")
				}
				kept, err := store.Restore(*from, *db)
				if err != nil {
					return err
				}
				if kept != "" {
					fmt.Fprintf(e.stdout, "恢复前的项目已另存为 %s\n", kept)
				}
				fmt.Fprintf(e.stdout, "已从 %s 恢复到 %s\n", *from, *db)
				return nil
			}
		},
	})

	register(&command{
		name:    "resolve",
		summary: "裁定附件1与附件2的一个不一致项（保留裁定历史）",
		usage:   "[--db 文件] --id 不一致项 --choice 选项 --reason 理由 [--by 裁定人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.String("id", "", "不一致项标识，如 8.target（见 check 的输出）")
			choice := fs.String("choice", "", "选项，如 annex1、annex2；空字符串表示撤销裁定")
			reason := fs.String("reason", "", "裁定理由")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == "" || !flagGiven(fs, "choice") {
					return usageError("请指定 --id 和 --choice")
				}
				if *choice != "" && strings.TrimSpace(*reason) == "" {
					return usageError("请用 --reason 写明裁定理由")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := s.Resolve(*id, *choice, *by, *reason); err != nil {
					return err
				}
				if *choice == "" {
					fmt.Fprintf(e.stdout, "已撤销对 %s 的裁定\n", *id)
				} else {
					fmt.Fprintf(e.stdout, "已裁定 %s：采用 %s\n", *id, *choice)
				}
				return nil
			}
		},
	})

	register(&command{
		name:    "target",
		summary: "录入省级确定的目标值（如改善幅度），或撤销",
		usage:   "[--db 文件] --indicator 序号 --target 目标 --reason 依据 [--by 操作人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			code := fs.String("indicator", "", "指标序号，如 10.1")
			target := fs.String("target", "", "目标值，如 ≥2 或 >=2；空字符串表示撤销")
			reason := fs.String("reason", "", "依据（如省厅文件）")
			by := actorFlag(fs)
			return func(e *env) error {
				if *code == "" || !flagGiven(fs, "target") {
					return usageError("请指定 --indicator 和 --target")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := s.SetTarget(*code, *target, *by, *reason); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已设定指标 %s 的目标值：%s\n", *code, orText(*target, "（恢复为指标体系中的目标）"))
				return nil
			}
		},
	})
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			given = true
		}
	})
	return given
}

func readLimited(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, oserr.Explain(err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s 是文件夹，请选择文件", path)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s 过大（%s），上限 %s", path, sizeText(fi.Size()), sizeText(limit))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, oserr.Explain(err)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("读取 %s：%w", path, oserr.Explain(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s 过大（超过 %s）", path, sizeText(limit))
	}
	return b, nil
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// checkPlausible refuses a number that differs from the value it replaces or
// a neighbouring year's by a factor of catalog.PlausibleFactor or more,
// unless the person confirms it with --confirm. The value the project holds
// already is not checked again: typed with a new --source, only the source
// changes.
func checkPlausible(s *store.Store, c store.Change) error {
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	st, err := s.Settings()
	if err != nil {
		return err
	}
	ch, err := store.CheckChange(cat, st, c)
	if err != nil || ch.Cleared || ch.Field != catalog.FieldValue {
		return err // SetValue reports the same error
	}
	vs, err := s.Values()
	if err != nil {
		return err
	}
	if cur, ok := vs[catalog.ValueKey{Code: ch.Code, Year: ch.Year, Field: ch.Field}]; ok &&
		cur.IsNum == ch.Value.IsNum && cur.Num == ch.Value.Num && cur.State == ch.Value.State {
		return nil // the value the project holds: at most its source changes
	}
	if msg := catalog.Implausible(ch.Ind, ch.Year, ch.Value, vs); msg != "" {
		return fmt.Errorf("%s；未写入。核实无误后请加 --confirm 重新录入", msg)
	}
	return nil
}
