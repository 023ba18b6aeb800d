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
// may grow by half of what is live before the next collection, instead of
// Go's default of all of it. Most of what is live is the window's parsed
// fonts (about 33 MB: two text styles × the Hei subset, Fyne's Noto and
// emoji faces and a system face), which never become garbage, so doubling it
// is a waste: at 50 the window stays about 20 MB smaller after every screen
// and about 50 MB smaller during a package build (measured with
// measure-memory.sh --build), for more but shorter collections: redrawing
// the data grid takes about 7% longer (BenchmarkDataGridRedraw). Background
// work lowers it further while it runs (gui's runBackground).
const gcPercent = 50

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
