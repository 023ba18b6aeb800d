package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"ecoreport/app/oserr"
	"ecoreport/app/sheets"
	"ecoreport/report/binder"
)

func init() {
	register(&command{
		name:    "binder",
		summary: "生成佐证材料汇编（PDF）：每项指标的封面、材料目录和所附文件",
		usage:   "[--db 文件] --out 目录",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := fs.String("db", "", "项目数据库文件（省略则使用内置示例项目）")
			out := fs.String("out", "", "输出目录")
			maxPages := fs.Int("max-pages", binder.DefaultMaxPages, "每个附件最多收录的页数")
			return func(e *env) error {
				if *out == "" {
					return usageError("请用 --out 指定输出目录")
				}
				demoNote(e, *db)
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				if err := os.MkdirAll(*out, 0o755); err != nil {
					return fmt.Errorf("输出目录 %s：%w", *out, oserr.Explain(err))
				}
				path := filepath.Join(*out, binder.FileName)
				// Written through a temporary file beside it, 0644 like the
				// other documents; the previous binder stays on failure.
				var info binder.Info
				err = sheets.SaveFile(path, "PDF 文件", true, func(w io.Writer) (err error) {
					info, err = binder.Build(context.Background(), s, w, binder.Options{MaxPages: *maxPages})
					if err != nil {
						return fmt.Errorf("生成佐证材料汇编：%w", err)
					}
					return nil
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已生成 %s：%d 页，%d 项指标，%d 份材料，%d 个附件\n", path, info.Pages, info.Indicators, info.Items, info.Attachments)
				for _, p := range info.Problems {
					fmt.Fprintf(e.stderr, "附件无法编入：%s\n", p)
				}
				if len(info.Problems) > 0 {
					return partialError("已生成佐证材料汇编，但 %d 个附件无法编入（见上）", len(info.Problems))
				}
				return nil
			}
		},
	})
}
