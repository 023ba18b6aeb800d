package main

import (
	"flag"
	"fmt"

	"ecoreport/app/evidence"
)

func init() {
	register(&command{
		name:    "evidence-figure",
		summary: "把佐证材料中的图片标为“用于报告”（附图题），技术报告在该指标一节中插入；或取消标记",
		usage:   "[--db 文件] --attachment 附件编号 (--caption 图题 | --off) [--by 操作人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			id := fs.Int64("attachment", 0, "附件编号（见 evidence-list --json 的 attachments）")
			caption := fs.String("caption", "", "图题，如 城东污水处理厂提标改造工程")
			off := fs.Bool("off", false, "取消“用于报告”")
			by := actorFlag(fs)
			return func(e *env) error {
				if *id == 0 || (*caption == "" && !*off) {
					return usageError("请指定 --attachment 和 --caption（或 --off）")
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				if err := evidence.SetFigure(s, *id, !*off, *caption, *by); err != nil {
					return err
				}
				if *off {
					fmt.Fprintf(e.stdout, "附件 %d 不再用于报告\n", *id)
				} else {
					fmt.Fprintf(e.stdout, "附件 %d 已标为用于报告，图题「%s」\n", *id, *caption)
				}
				return nil
			}
		},
	})
}
