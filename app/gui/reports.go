package gui

import "fyne.io/fyne/v2/lang"

// newReportsScreen is the 报告 screen.
//
// TODO(lead): wire report/... here. Expected: choose the documents of the
// package (技术报告, 创建工作报告, 佐证材料汇编, 任务分解表, 责任矩阵,
// manifest), an output folder (folder dialog), build them in u.work with a
// progress dialog from u.Project().Assessment() (or assess.Load on
// u.Project().Store), then offer to open the folder. Project.Sample() must
// mark every output 示例数据.
func newReportsScreen(u *UI) Screen {
	return newPlaceholder(lang.L("报告"),
		lang.L("生成技术报告、创建工作报告、佐证材料汇编和申报材料清单(PDF)。"))
}
