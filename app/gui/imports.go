package gui

import "fyne.io/fyne/v2/lang"

// newImportsScreen is the 导入导出 screen.
//
// TODO(lead): wire app/sheets here. Expected: export one workbook per lead
// organisation (folder dialog → sheets export in u.work), import filled
// workbooks (file dialog → preview of the rows with errors in Chinese →
// commit in one store.Update), list of past imports with provenance. Replace
// the body with a type that implements Screen (Content, Reload) and call
// u.changed() after a committed import so every screen redraws.
func newImportsScreen(u *UI) Screen {
	return newPlaceholder(lang.L("导入导出"),
		lang.L("按牵头单位导出填报表,导入各单位填好的表格(含 WPS、全角数字等),逐格记录来源。"))
}
