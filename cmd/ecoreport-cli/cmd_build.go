package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"ecoreport/app/demo"
	"ecoreport/app/store"
	"ecoreport/report/pkg"
)

func init() {
	docNames := func() string {
		var names []string
		for _, d := range pkg.Documents {
			names = append(names, d.Title)
		}
		return strings.Join(names, "、")
	}
	buildFlags := func(fs *flag.FlagSet) (out, only, fonts *string, strict *bool) {
		out = fs.String("out", "", "输出文件夹（必填）；失败时保留其中原有的材料")
		only = fs.String("only", "", "只生成一个文件："+docNames()+"（其余文件沿用上次生成的）")
		strict = fs.Bool("strict", false, "有未就绪事项（未裁定分歧、缺数据、目标待定、缺佐证材料）时拒绝生成")
		fonts = fs.String("fonts", "", "system：使用本机的仿宋、黑体、楷体、小标宋字体；bundled：使用内置开源字体；"+
			"文件夹：先在该文件夹中找这些字体（simfang.ttf、simhei.ttf、simkai.ttf、FZXBSJW.TTF 等），再找本机的（默认按项目设置）")
		return
	}
	register(&command{
		name:    "build",
		summary: "生成申报材料：技术报告、创建工作报告、任务分解书、任务分解表、责任单位矩阵、佐证材料目录和材料清单",
		usage:   "[--db 文件] --out 文件夹 [--only 名称] [--strict] [--fonts system|bundled|文件夹]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := fs.String("db", "", "项目数据库文件；不指定时用内置示例项目")
			out, only, fonts, strict := buildFlags(fs)
			return func(e *env) error {
				if *out == "" {
					return usageError("请用 --out 指定输出文件夹")
				}
				o, err := buildOptions(*only, *strict, *fonts)
				if err != nil {
					return err
				}
				var s *store.Store
				if *db == "" {
					demoNote(e, *db)
					s, err = demo.Open()
				} else {
					s, err = store.Open(*db)
				}
				if err != nil {
					return err
				}
				defer s.Close()
				return runBuild(e, s, *out, o)
			}
		},
	})
	register(&command{
		name:    "demo",
		summary: "用内置示例项目（示例数据）生成一套完整的申报材料",
		usage:   "--out 文件夹 [--fonts system|bundled|文件夹]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			out, only, fonts, strict := buildFlags(fs)
			return func(e *env) error {
				if *out == "" {
					return usageError("请用 --out 指定输出文件夹")
				}
				o, err := buildOptions(*only, *strict, *fonts)
				if err != nil {
					return err
				}
				s, err := demo.Open()
				if err != nil {
					return fmt.Errorf("创建示例项目：%w", err)
				}
				defer s.Close()
				return runBuild(e, s, *out, o)
			}
		},
	})
}

// buildOptions turns the flags of build and demo into package options.
// --fonts takes system, bundled, or a folder with official font files
// (passed as Options.FontDir, searched before the machine's font folders).
func buildOptions(only string, strict bool, fonts string) (pkg.Options, error) {
	o := pkg.Options{Only: only, Strict: strict}
	switch fonts {
	case "", "system", "bundled":
		o.Fonts = fonts
		return o, nil
	}
	st, err := os.Stat(fonts)
	switch {
	case err != nil:
		return o, fmt.Errorf("--fonts：字体文件夹 %s 不存在或无法读取（应为 system、bundled 或一个存放字体文件的文件夹）", fonts)
	case !st.IsDir():
		return o, fmt.Errorf("--fonts：%s 不是文件夹（应为 system、bundled 或一个存放字体文件的文件夹）", fonts)
	}
	o.FontDir = fonts
	return o, nil
}

func runBuild(e *env, s *store.Store, out string, o pkg.Options) error {
	o.Progress = func(done, total int, name string) {
		fmt.Fprintf(e.stderr, "[%d/%d] %s\n", done, total, name)
	}
	res, err := pkg.Build(context.Background(), s, out, o)
	var nr *pkg.NotReadyError
	if errors.As(err, &nr) {
		fmt.Fprintln(e.stdout, "未生成任何文件。以下事项未就绪：")
		printIssues(e, nr.Issues)
		return err
	}
	if err != nil {
		return fmt.Errorf("生成失败，%s 中原有的材料保持不变：%w", out, err)
	}
	fmt.Fprintf(e.stdout, "已生成申报材料：%s\n", res.Dir)
	for _, f := range res.Files {
		pages := ""
		if f.Pages > 0 {
			pages = fmt.Sprintf("%4d 页", f.Pages)
		}
		kept := ""
		if f.Kept {
			kept = "（沿用上次生成）"
		}
		fmt.Fprintf(e.stdout, "  %-22s %8s  %s…%s\n", f.Name, pages, f.SHA256[:12], kept)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "提示：%s\n", w)
	}
	sn := res.Snapshot
	fmt.Fprintf(e.stdout, "数据快照：指标体系 %s 版本 %s，数据 %d 个，佐证材料 %d 份，最近变更 %s\n",
		sn.CatalogID, sn.CatalogVersion, sn.Values, sn.EvidenceItems, sn.LatestChange.Format("2006-01-02 15:04"))
	if sn.Sample {
		fmt.Fprintln(e.stdout, "注意：本材料由示例数据生成，每页均有“示例数据”水印，不得报送。")
	}
	if len(res.NotReady) == 0 {
		fmt.Fprintln(e.stdout, "全部事项已就绪，可以报送。")
		return nil
	}
	fmt.Fprintf(e.stdout, "尚不能报送：%s。\n", pkg.IssueSummary(res.NotReady))
	printIssues(e, res.NotReady)
	return nil
}

func printIssues(e *env, issues []pkg.Issue) {
	for _, is := range issues {
		fmt.Fprintf(e.stdout, "  · [%s] %s\n", is.Label, is.Detail)
	}
}
