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

	"fyne.io/fyne/v2/app"

	"ecoreport/app/gui"
)

func main() {
	var opts gui.Options
	flag.StringVar(&opts.DB, "db", "", "打开的项目文件")
	flag.BoolVar(&opts.Demo, "demo", false, "打开内置示例项目（示例数据）")
	flag.StringVar(&opts.Screen, "screen", "", "首先显示的页面：overview, catalog, data, orgs, imports, evidence, milestones, reports, settings")
	flag.Parse()

	a := app.NewWithID("cn.gov.hailing.ecoreport")
	opts.WorkArea = workArea()
	gui.Run(a, opts)
}
