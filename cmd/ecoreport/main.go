// Command ecoreport is the desktop app of ecoreport (Fyne, needs cgo): it
// creates the Fyne app and hands it to package gui.
//
//	ecoreport                 opens the last project, or the start page
//	ecoreport --db FILE       opens a project file
//	ecoreport --demo          opens the embedded demo project (示例数据)
//	ecoreport --screen data   shows a screen first (overview, catalog, data,
//	                          orgs, imports, evidence, milestones, reports, settings)
package main

import (
	"flag"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2/app"

	"ecoreport/app/gui"
)

// gcPercent is the Go collector's target (GOGC, which overrides it): the heap
// may grow by 30% of what is live before the next collection, instead of
// Go's default of all of it. Most of what is live is the window's parsed
// fonts (about 25 MB with -tags no_emoji: two text styles × the Hei subset,
// Fyne's Noto faces and a system face), which never become garbage, so
// doubling it is a waste. Measured with measure-memory.sh --build on the demo
// (1366×768, Xvfb): at 100 the window holds about 220 MB after every screen,
// at 50 about 201 MB, at 30 about 197 MB, with the build's peak 240 MB and its
// time unchanged (0.9 s); the cost is more but shorter collections (redrawing
// the data grid takes about 7% longer at 50, BenchmarkDataGridRedraw).
// Background work lowers it further while it runs (gui's runBackground).
const gcPercent = 30

func main() {
	var opts gui.Options
	flag.StringVar(&opts.DB, "db", "", "打开的项目文件")
	flag.BoolVar(&opts.Demo, "demo", false, "打开内置示例项目（示例数据）")
	flag.StringVar(&opts.Screen, "screen", "", "首先显示的页面：overview, catalog, data, orgs, imports, evidence, milestones, reports, settings")
	flag.Parse()

	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}

	a := app.NewWithID("cn.gov.hailing.ecoreport")
	opts.WorkArea = workArea()
	gui.Run(a, opts)
}
