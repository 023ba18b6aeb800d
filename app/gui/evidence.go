package gui

import "fyne.io/fyne/v2/lang"

// newEvidenceScreen is the 佐证材料 screen.
//
// TODO(lead): wire app/evidence here. Expected: per indicator and year the
// evidence items (title, 文号, issuer, date, pages, file), add/attach via file
// dialog (u.work for copying and hashing), reviewer state 合格 / 需补充 /
// 已整改 with itemised feedback (条目式反馈). u.Project().Store gives the store;
// call u.changed() after a write.
func newEvidenceScreen(u *UI) Screen {
	return newPlaceholder(lang.L("佐证材料"),
		lang.L("按指标和年度登记佐证台帐资料,逐条审核(合格 / 需补充 / 已整改)并形成条目式反馈。"))
}
