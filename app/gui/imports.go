package gui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/sheets"
)

// importsScreen (导入导出) exports the fill-in workbooks, the consolidated
// workbook and the feedback workbooks, imports filled workbooks (a dry run
// shown as a table first, then 确认导入) and lists the past imports with undo.
type importsScreen struct {
	u    *UI
	root fyne.CanvasObject
	tabs *container.AppTabs

	// import
	paths     []string
	pathsList *wrapLabel
	inputs    []sheets.Input
	report    *sheets.Report
	rows      []previewRow
	showSame  *widget.Check
	counts    *wrapLabel
	preview   *widget.Table
	// rowText shows the selected preview row in full: its reason and
	// where it is, which the table's columns cut short.
	rowText   *wrapLabel
	problems  *widget.Table
	probs     []sheets.Problem
	commitBtn *widget.Button
	dryBtn    *widget.Button
	// held lists the values of the preview that differ 10× or more from
	// the value they replace or a neighbouring year's; acceptHeld is the
	// explicit tick that writes them too (unticked by default).
	held       *wrapLabel
	acceptHeld *widget.Check

	// history
	history []sheets.ImportRecord
	histTbl *widget.Table
	// histSel is the selected row of the import log, undoBtn undoes it,
	// histEmpty says what to do first when the log is empty.
	histSel   int
	undoBtn   *widget.Button
	histEmpty *wrapLabel

	exportNote *wrapLabel
}

// previewRow is one line of the preview table.
type previewRow struct {
	cols    [8]string
	outcome sheets.Outcome
	// sourceOnly marks a row that keeps the value and changes only its
	// 数据来源 or 备注.
	sourceOnly bool
}

// The reason comes before the unit and the place, so that it shows
// without scrolling in a window of 1280 points.
var previewHeaders = []string{"结果", "指标", "年度", "原值", "导入值", "说明", "单位", "位置"}
var previewWidths = []float32{110, 240, 60, 100, 100, 360, 130, 240}

var problemHeaders = []string{"级别", "位置", "内容", "问题及要求"}
var problemWidths = []float32{60, 380, 120, 560}

var historyHeaders = []string{"编号", "时间", "导入人", "文件", "写入数值", "佐证材料", "状态"}
var historyWidths = []float32{60, 170, 110, 420, 80, 80, 150}

func newImportsScreen(u *UI) Screen {
	s := &importsScreen{u: u}
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("导出"), theme.DownloadIcon(), s.exportTab()),
		container.NewTabItemWithIcon(lang.L("导入"), theme.UploadIcon(), s.importTab()),
		container.NewTabItemWithIcon(lang.L("导入记录"), theme.HistoryIcon(), s.historyTab()),
	)
	s.root = container.NewPadded(s.tabs)
	s.Reload()
	return s
}

func (s *importsScreen) Content() fyne.CanvasObject { return s.root }

// Reload reads the import log off the UI thread.
func (s *importsScreen) Reload() {
	s.u.bg(func() {
		recs, err := sheets.Imports(s.u.proj.Store)
		fyne.Do(func() {
			if err != nil {
				s.u.showError(lang.L("无法读取导入记录"), err)
			}
			s.history = recs
			s.histTbl.Refresh()
			s.updateUndo()
		})
	})
}

// projectDir is the folder of the project file.
func (u *UI) projectDir() string {
	if u.proj == nil || u.proj.Store.Path() == "" {
		return ""
	}
	return filepath.Dir(u.proj.Store.Path())
}

// pickFolder shows a folder dialog for files the office keeps, starting in
// the project's folder (Documents for the demo project). A folder inside
// the demo's temporary folder needs a confirmation: it is deleted when the
// window closes.
func pickFolder(u *UI, fn func(dir string)) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(lang.L("无法打开文件夹"), err)
			return
		}
		if l == nil {
			return
		}
		dir := l.Path()
		if u.inDemoFolder(dir) {
			u.askConfirm(lang.L("临时文件夹"),
				fmt.Sprintf(lang.L("%s 是示例项目的临时文件夹，关闭窗口后即删除。\n仍要保存到这里吗？"), dir), lang.L("确定"), lang.L("取消"), true,
				func(ok bool) {
					if ok {
						fn(dir)
					}
				})
			return
		}
		fn(dir)
	}, u.win)
	if l, err := listerFor(u.keepDir()); err == nil {
		d.SetLocation(l)
	}
	d.SetTitleText(lang.L("选择保存的文件夹"))
	d.SetConfirmText(lang.L("选择"))
	u.showFileDialog(d)
}

// inDemoFolder reports whether dir is the demo project's temporary folder
// or inside it.
func (u *UI) inDemoFolder(dir string) bool {
	if u.proj == nil || !u.proj.Demo {
		return false
	}
	rel, err := filepath.Rel(u.projectDir(), dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// demoNote says, on the demo project, where exported files go; it is
// hidden otherwise.
func demoNote(u *UI) *wrapLabel {
	l := newWrapLabel(lang.L("这是示例项目：它的文件夹是临时的，关闭窗口后即删除。导出的文件默认保存到“文档”文件夹。"))
	l.Importance = widget.WarningImportance
	if u.proj == nil || !u.proj.Demo {
		l.Hide()
	}
	return l
}

func (s *importsScreen) exportTab() fyne.CanvasObject {
	s.exportNote = newWrapLabel("")
	templ := widget.NewButtonWithIcon(lang.L("导出各单位填报表…"), theme.DocumentSaveIcon(), func() {
		pickFolder(s.u, s.exportTemplates)
	})
	templ.Importance = widget.HighImportance
	sum := widget.NewButtonWithIcon(lang.L("导出汇总表…"), theme.DocumentSaveIcon(), func() {
		pickFolder(s.u, s.exportSummary)
	})
	fb := widget.NewButtonWithIcon(lang.L("生成问题反馈单…"), theme.MailSendIcon(), func() {
		pickFolder(s.u, s.exportFeedback)
	})
	note := func(t string) *wrapLabel {
		l := newWrapLabel(t)
		return l
	}
	return container.NewVScroll(container.NewVBox(
		heading(lang.L("导出")),
		demoNote(s.u),
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(220, 40), templ), nil,
			note(lang.L("每个牵头或配合单位一份《指标填报表》（xlsx），含填报说明、本单位指标及佐证材料清单。"))),
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(220, 40), sum), nil,
			note(lang.L("创建办使用的任务汇总表：全部指标、各年数值与达标情况、各单位待办事项。"))),
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(220, 40), fb), nil,
			note(lang.L("每个牵头单位一份《问题反馈单》：缺数据、未达标、缺佐证材料及上次报送表格中的错误，条目式列出。"))),
		widget.NewSeparator(),
		s.exportNote,
	))
}

func (s *importsScreen) exportDone(what string, dir string, paths []string, err error) {
	if err != nil {
		s.u.showError(what+lang.L("失败"), err)
		return
	}
	s.exportNote.SetText(fmt.Sprintf(lang.L("%s：已写入 %d 个文件到 %s"), what, len(paths), dir))
	d := dialog.NewCustomConfirm(lang.L("导出完成"), lang.L("打开文件夹"), lang.L("关闭"),
		widget.NewLabel(fmt.Sprintf(lang.L("已写入 %d 个文件到\n%s"), len(paths), dir)), func(open bool) {
			if open {
				s.u.openPath(dir)
			}
		}, s.u.win)
	d.Show()
}

func (s *importsScreen) exportTemplates(dir string) {
	s.exportAsking(lang.L("正在导出各单位填报表…"), lang.L("导出填报表"), dir, func(replace bool) ([]string, error) {
		a := s.u.proj.Assessment()
		return sheets.WriteTemplates(a, dir, sheets.ExportOptions{Contact: sheets.OfficeContact(s.u.proj.Store), Replace: replace})
	})
}

func (s *importsScreen) exportSummary(dir string) {
	s.exportAsking(lang.L("正在导出汇总表…"), lang.L("导出汇总表"), dir, func(replace bool) (paths []string, err error) {
		a := s.u.proj.Assessment()
		now := time.Now()
		f, err := sheets.Summary(a, now)
		if err != nil {
			return nil, err
		}
		defer func() {
			// Close removes the workbook's temporary files.
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		p := filepath.Join(dir, sheets.SummaryFileName(a.Settings.District, now))
		if err := sheets.SaveWorkbook(f, p, replace); err != nil {
			return nil, err
		}
		return []string{p}, nil
	})
}

func (s *importsScreen) exportFeedback(dir string) {
	s.exportAsking(lang.L("正在生成问题反馈单…"), lang.L("生成问题反馈单"), dir, func(replace bool) ([]string, error) {
		a, fbs, err := sheets.LoadFeedback(s.u.proj.Store)
		if err != nil {
			return nil, err
		}
		if replace {
			return sheets.WriteFeedbackReplacing(a, fbs, dir, time.Now())
		}
		return sheets.WriteFeedback(a, fbs, dir, time.Now())
	})
}

// exportAsking runs export in the background without replacing any file.
// When some of its files exist already (the same day's export, say), it
// writes nothing; the window names those files and runs export again with
// replace set only if the user confirms.
func (s *importsScreen) exportAsking(busy, what, dir string, export func(replace bool) ([]string, error)) {
	var paths []string
	run := func(replace bool, done func(error)) {
		s.u.work(busy, func() (err error) {
			paths, err = export(replace)
			return err
		}, done)
	}
	run(false, func(err error) {
		if !errors.Is(err, fs.ErrExist) {
			s.exportDone(what, dir, paths, err)
			return
		}
		msg := newWrapLabel(err.Error() + "\n\n" + lang.L("替换这些文件吗？替换后原文件无法恢复。"))
		d := dialog.NewCustomConfirm(lang.L("文件已存在"), lang.L("替换"), lang.L("取消"), msg, func(ok bool) {
			if !ok {
				s.exportNote.SetText(fmt.Sprintf(lang.L("%s：文件已存在，未写入任何文件"), what))
				return
			}
			run(true, func(err error) { s.exportDone(what, dir, paths, err) })
		}, s.u.win)
		d.Resize(fyne.NewSize(560, 320))
		d.Show()
	})
}

func (s *importsScreen) importTab() fyne.CanvasObject {
	s.pathsList = newWrapLabel(lang.L("尚未选择文件。可多次添加文件，或选择整个文件夹（其中所有 xlsx 表格）。"))
	addFile := widget.NewButtonWithIcon(lang.L("添加文件…"), theme.FileIcon(), func() {
		pickFile(s.u, []string{".xlsx", ".xlsm"}, func(p string) { s.addPath(p) })
	})
	addDir := widget.NewButtonWithIcon(lang.L("添加文件夹…"), theme.FolderOpenIcon(), func() {
		pickFolder(s.u, func(p string) { s.addPath(p) })
	})
	clear := widget.NewButtonWithIcon(lang.L("清空"), theme.ContentClearIcon(), s.clear)
	s.dryBtn = widget.NewButtonWithIcon(lang.L("预检"), theme.SearchIcon(), s.dryRun)
	s.dryBtn.Importance = widget.HighImportance
	s.commitBtn = widget.NewButtonWithIcon(lang.L("确认导入"), theme.ConfirmIcon(), s.confirm)
	s.commitBtn.Importance = widget.SuccessImportance
	s.commitBtn.Disable()
	s.held = newWrapLabel("")
	s.held.Importance = widget.WarningImportance
	s.held.Hide()
	s.acceptHeld = widget.NewCheck("", nil)
	s.acceptHeld.Hide()
	s.counts = newWrapLabel(lang.L("选择文件后按「预检」：先核对下表中将写入的数值和发现的问题，再按「确认导入」。预检不写入任何数据。"))

	s.preview = newHeaderTable(previewHeaders, previewWidths,
		func() int { return len(s.rows) },
		func(r, c int) (string, widget.Importance) {
			row := s.rows[r]
			imp := widget.MediumImportance
			if c == 0 {
				switch row.outcome {
				case sheets.New:
					imp = widget.SuccessImportance
				case sheets.Changed:
					imp = widget.HighImportance
				case sheets.Conflict:
					imp = widget.DangerImportance
				case sheets.Stale, sheets.Held:
					imp = widget.WarningImportance
				}
			}
			return row.cols[c], imp
		})
	s.rowText = newWrapLabel("")
	s.preview.OnSelected = func(id widget.TableCellID) { s.showRow(id.Row) }
	s.problems = newHeaderTable(problemHeaders, problemWidths,
		func() int { return len(s.probs) },
		func(r, c int) (string, widget.Importance) {
			p := s.probs[r]
			switch c {
			case 0:
				if p.Severity == sheets.Error {
					return string(p.Severity), widget.DangerImportance
				}
				return string(p.Severity), widget.WarningImportance
			case 1:
				return p.Where(), widget.MediumImportance
			case 2:
				return p.Found, widget.MediumImportance
			default:
				return p.Message, widget.MediumImportance
			}
		})
	s.problems.OnSelected = func(id widget.TableCellID) { s.showProblem(id.Row) }
	s.showSame = widget.NewCheck(lang.L("也显示未变化的数值"), func(bool) {
		if s.report != nil {
			s.showReport(s.report)
		}
	})
	results := container.NewAppTabs(
		container.NewTabItem(lang.L("数值预览"), s.preview),
		container.NewTabItem(lang.L("问题"), s.problems),
	)
	top := container.NewVBox(
		heading(lang.L("导入填好的表格")),
		container.NewHBox(addFile, addDir, clear, widget.NewSeparator(), s.dryBtn, s.commitBtn, widget.NewSeparator(), s.showSame),
		s.pathsList,
		s.counts,
		s.held,
		s.acceptHeld,
	)
	return container.NewBorder(top, s.rowText, nil, nil, results)
}

// showProblem shows problem r in full below the tables.
func (s *importsScreen) showProblem(r int) {
	if r < 0 || r >= len(s.probs) {
		s.rowText.SetText("")
		return
	}
	p := s.probs[r]
	text := fmt.Sprintf(lang.L("%s · %s"), p.Severity, p.Where())
	if p.Found != "" {
		text += fmt.Sprintf(lang.L("，内容“%s”"), p.Found)
	}
	s.rowText.SetText(text + "\n" + p.Message)
}

// showRow shows preview row r in full below the tables.
func (s *importsScreen) showRow(r int) {
	if r < 0 || r >= len(s.rows) {
		s.rowText.SetText("")
		return
	}
	c := s.rows[r].cols
	text := fmt.Sprintf(lang.L("%s · %s · %s年：%s → %s"), c[0], c[1], c[2], orDash(c[3]), orDash(c[4]))
	if s.rows[r].sourceOnly {
		text = fmt.Sprintf(lang.L("%s · %s · %s年：%s"), c[0], c[1], c[2], orDash(c[4]))
	}
	if c[5] != "" {
		text += "\n" + c[5]
	}
	text += "\n" + fmt.Sprintf(lang.L("%s报送，位置：%s"), c[6], c[7])
	s.rowText.SetText(text)
}

// newHeaderTable makes a read-only table with a header row; its cells show
// full-width punctuation (zh), as the labels around it do.
func newHeaderTable(headers []string, widths []float32, rows func() int, cell func(r, c int) (string, widget.Importance)) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			text, imp := cell(id.Row, id.Col)
			l.Importance = imp
			l.SetText(zh(text))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 {
			l.SetText(lang.L(headers[id.Col]))
		} else {
			l.SetText("")
		}
	}
	for i, w := range widths {
		t.SetColumnWidth(i, w)
	}
	return t
}

func (s *importsScreen) addPath(p string) {
	for _, q := range s.paths {
		if q == p {
			return
		}
	}
	s.paths = append(s.paths, p)
	s.invalidate()
	s.showPaths()
}

func (s *importsScreen) showPaths() {
	if len(s.paths) == 0 {
		s.pathsList.SetText(lang.L("尚未选择文件。"))
		return
	}
	var names []string
	for _, p := range s.paths {
		names = append(names, p)
	}
	s.pathsList.SetText(fmt.Sprintf(lang.L("待导入（%d）："), len(s.paths)) + strings.Join(names, "；"))
}

func (s *importsScreen) clear() {
	s.paths = nil
	s.invalidate()
	s.showPaths()
}

// invalidate drops the preview: the files chosen changed.
func (s *importsScreen) invalidate() {
	s.inputs = nil
	s.report = nil
	s.rows = nil
	s.probs = nil
	s.commitBtn.Disable()
	s.showHeld(nil)
	s.preview.UnselectAll()
	s.problems.UnselectAll()
	s.rowText.SetText("")
	s.preview.Refresh()
	s.problems.Refresh()
}

// maxHeldLines is how many held values the preview lists above the tables;
// the rest are marked 待确认 in the table.
const maxHeldLines = 8

// showHeld lists the values held for confirmation with the tick that
// accepts them, unticked; without held values both are hidden.
func (s *importsScreen) showHeld(held []sheets.Item) {
	s.acceptHeld.SetChecked(false)
	if len(held) == 0 {
		s.held.SetText("")
		s.held.Hide()
		s.acceptHeld.Hide()
		return
	}
	lines := []string{fmt.Sprintf(lang.L("以下 %d 个数值与原值或相邻年度的值相差 10 倍以上，可能是小数点、逗号或计量单位填错，需要确认后才写入："), len(held))}
	for i, it := range held {
		if i == maxHeldLines {
			lines = append(lines, fmt.Sprintf(lang.L("……另有 %d 个，见「数值预览」中标为「待确认」的行。"), len(held)-i))
			break
		}
		// The warning names the indicator, the year and both values.
		line := fmt.Sprintf(lang.L("%d．%s · 工作表「%s」· 单元格 %s：%s"), i+1, filepath.Base(it.File), it.Sheet, it.Cell, it.Warning)
		if it.Old != "" && !strings.Contains(it.Warning, "原有的值") {
			line += fmt.Sprintf(lang.L("（数据库中原值 %s）"), it.Old)
		}
		lines = append(lines, line+"。")
	}
	s.held.SetText(strings.Join(lines, "\n"))
	s.held.Show()
	s.acceptHeld.Text = fmt.Sprintf(lang.L("确认写入以上 %d 个待确认的数值"), len(held))
	s.acceptHeld.Refresh()
	s.acceptHeld.Show()
}

// dryRun reads the chosen files and classifies every value without writing.
func (s *importsScreen) dryRun() {
	if len(s.paths) == 0 {
		s.u.showError(lang.L("无法预检"), fmt.Errorf("%s", lang.L("请先添加要导入的文件或文件夹")))
		return
	}
	var inputs []sheets.Input
	var rep *sheets.Report
	paths := append([]string(nil), s.paths...)
	s.u.work(lang.L("正在预检…"), func() (err error) {
		inputs, err = sheets.ReadInputs(paths)
		if err != nil {
			return err
		}
		if len(inputs) == 0 {
			return fmt.Errorf("%s", lang.L("所选位置中没有 xlsx 表格"))
		}
		rep, err = sheets.Import(context.Background(), s.u.proj.Store, inputs, sheets.ImportOptions{DryRun: true, Actor: s.u.actor()})
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("预检失败"), err)
			return
		}
		s.inputs = inputs
		s.showReport(rep)
	})
}

// showReport fills the preview tables from a dry run.
func (s *importsScreen) showReport(rep *sheets.Report) {
	s.report = rep
	s.rows = s.rows[:0]
	a := s.u.proj.Assessment()
	for _, it := range rep.Items {
		org := it.Org
		if o, ok := a.Catalog.Org(it.Org); ok {
			org = o.Name
		}
		name := it.Indicator + " " + it.Name
		if it.Field != "" && it.Field != "value" {
			name += lang.L("（附加条件）")
		}
		if it.Outcome == sheets.Unchanged && !s.showSame.Checked {
			continue
		}
		where := fmt.Sprintf("%s · %s · %s", it.Cell, it.Sheet, filepath.Base(it.File))
		label, reason, outcome := it.Outcome.Label(), it.Reason, it.Outcome
		if it.SourceOrNote {
			// The value stays; the reason says from what to what.
			label = lang.L("修改来源/备注")
		}
		if it.Warning != "" {
			// Held for confirmation: written only with the tick.
			label, outcome = lang.L("待确认"), sheets.Held
			reason = strings.TrimPrefix(reason+"；"+it.Warning, "；")
		}
		s.rows = append(s.rows, previewRow{outcome: outcome, sourceOnly: it.SourceOrNote, cols: [8]string{
			label, name, fmt.Sprint(it.Year), it.Old, it.New, reason, org, where,
		}})
	}
	s.probs = rep.Problems()
	held := rep.Held()
	s.showHeld(held)
	s.preview.UnselectAll()
	s.problems.UnselectAll()
	s.rowText.SetText(lang.L("选择一行查看完整说明。"))
	c := rep.Counts
	text := fmt.Sprintf(lang.L("预检结果（%d 个文件）：新增 %d · 修改 %d%s · 未变 %d · 冲突 %d · 已过期 %d · 错误 %d · 警告 %d · 新佐证材料 %d（重复 %d）"),
		len(rep.Files), c.New, c.Changed, sourceOnly(rep), c.Unchanged, c.Conflicts, c.Stale, c.Errors, c.Warnings, c.Evidence, c.EvidenceSame)
	var rejected []string
	for _, f := range rep.Files {
		if f.Rejected {
			rejected = append(rejected, filepath.Base(f.File))
		}
		if len(f.ImportedBefore) > 0 {
			text += "\n" + fmt.Sprintf(lang.L("注意：%s 此前已导入过（导入编号 %v）"), filepath.Base(f.File), f.ImportedBefore)
		}
	}
	if len(rejected) > 0 {
		text += "\n" + lang.L("整份拒收：") + strings.Join(rejected, "、") + lang.L("（见「问题」）")
	}
	if rep.Note != "" {
		text += "\n" + rep.Note
	}
	if c.New+c.Changed+c.Evidence > 0 {
		text += "\n" + lang.L("核对无误后按「确认导入」写入；冲突和已过期的数值不会写入。")
		if len(held) > 0 {
			text += fmt.Sprintf(lang.L("另有 %d 个数值待确认（见下方），不勾选确认就不写入。"), len(held))
		}
		s.commitBtn.Enable()
	} else {
		text += "\n" + lang.L("没有可写入的新数值或佐证材料。")
		s.commitBtn.Disable()
	}
	s.counts.SetText(text)
	s.preview.Refresh()
	s.problems.Refresh()
}

// sourceOnly says how many of the report's changes keep the value and
// record only a new 数据来源 or 备注: "（其中 3 个只改数据来源或备注）",
// empty when none does.
func sourceOnly(rep *sheets.Report) string {
	n := 0
	for _, it := range rep.Items {
		if it.Outcome == sheets.Changed && it.SourceOrNote {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(lang.L("（其中 %d 个只改数据来源或备注）"), n)
}

// confirm asks once more, then commits the previewed files.
func (s *importsScreen) confirm() {
	if s.report == nil || len(s.inputs) == 0 {
		return
	}
	c := s.report.Counts
	msg := fmt.Sprintf(lang.L("将写入 %d 个新数值、修改 %d 个数值、登记 %d 条佐证材料。\n每个数值都记录来源，导入可在「导入记录」中撤销。"), c.New, c.Changed, c.Evidence)
	if n := len(s.report.Held()); n > 0 {
		if s.acceptHeld.Checked {
			msg += "\n" + fmt.Sprintf(lang.L("其中包括已勾选确认的 %d 个待确认数值。"), n)
		} else {
			msg += "\n" + fmt.Sprintf(lang.L("其中 %d 个待确认的数值未勾选确认，不会写入。"), n)
		}
	}
	s.u.askConfirm(lang.L("确认导入"), msg, lang.L("确定"), lang.L("取消"), false,
		func(ok bool) {
			if ok {
				s.commit()
			}
		})
}

// commit writes the previewed files in one transaction.
func (s *importsScreen) commit() {
	var rep *sheets.Report
	inputs := s.inputs
	accept := s.acceptHeld.Checked
	s.u.work(lang.L("正在导入…"), func() (err error) {
		rep, err = sheets.Import(context.Background(), s.u.proj.Store, inputs, sheets.ImportOptions{Actor: s.u.actor(), AcceptWarnings: accept})
		if err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("导入失败"), err)
			return
		}
		s.paths = nil
		s.invalidate()
		s.showPaths()
		msg := fmt.Sprintf(lang.L("导入完成（导入编号 %d）：新增 %d · 修改 %d%s · 佐证材料 %d。"), rep.ImportID, rep.Counts.New, rep.Counts.Changed, sourceOnly(rep), rep.Counts.Evidence)
		if n := rep.Counts.Held; n > 0 {
			msg += fmt.Sprintf(lang.L("\n有 %d 个待确认的数值未写入（未勾选确认）；核实后可重新导入并勾选确认。"), n)
		}
		if !rep.Committed {
			msg = lang.L("未写入任何数据。") + rep.Note
		}
		s.counts.SetText(msg)
		s.u.changed()
		s.u.inform(lang.L("导入"), msg)
	})
}

// updateUndo enables 撤销所选导入 only for a selected import not undone yet,
// and shows what to do first when there is no import.
func (s *importsScreen) updateUndo() {
	if s.undoBtn == nil {
		return
	}
	if s.histSel >= 0 && s.histSel < len(s.history) && s.history[s.histSel].UndoneAt == "" {
		s.undoBtn.Enable()
	} else {
		s.undoBtn.Disable()
	}
	if len(s.history) == 0 {
		s.histEmpty.Show()
	} else {
		s.histEmpty.Hide()
	}
}

func (s *importsScreen) historyTab() fyne.CanvasObject {
	s.histSel = -1
	undo := widget.NewButtonWithIcon(lang.L("撤销所选导入…"), theme.ContentUndoIcon(), nil)
	undo.Disable()
	s.undoBtn = undo
	s.histEmpty = newWrapLabel(lang.L("还没有导入记录。先在“导出”页导出各单位填报表，收回后在“导入”页预览并导入。"))
	s.histEmpty.Hide()
	s.histTbl = newHeaderTable(historyHeaders, historyWidths,
		func() int { return len(s.history) },
		func(r, c int) (string, widget.Importance) {
			h := s.history[r]
			switch c {
			case 0:
				return fmt.Sprint(h.ID), widget.MediumImportance
			case 1:
				return shortTime(h.At), widget.MediumImportance
			case 2:
				return h.Actor, widget.MediumImportance
			case 3:
				var names []string
				for _, f := range h.Files {
					names = append(names, filepath.Base(f.File))
				}
				return strings.Join(names, "、"), widget.MediumImportance
			case 4:
				return fmt.Sprint(h.Values), widget.MediumImportance
			case 5:
				return fmt.Sprint(h.Evidence), widget.MediumImportance
			default:
				if h.UndoneAt != "" {
					return lang.L("已撤销 ") + shortTime(h.UndoneAt), widget.WarningImportance
				}
				return lang.L("有效"), widget.SuccessImportance
			}
		})
	s.histTbl.OnSelected = func(id widget.TableCellID) {
		s.histSel = id.Row
		s.updateUndo()
	}
	undo.OnTapped = func() {
		if s.histSel < 0 || s.histSel >= len(s.history) {
			return
		}
		rec := s.history[s.histSel]
		s.u.askConfirm(lang.L("撤销导入"),
			fmt.Sprintf(lang.L("撤销导入 %d（%s，%s）？\n它写入的数值恢复为导入前的值，登记的佐证材料标记为删除；之后又被修改的数值保持不变。"), rec.ID, shortTime(rec.At), rec.Actor), lang.L("确定"), lang.L("取消"), true,
			func(ok bool) {
				if ok {
					s.undo(rec.ID)
				}
			})
	}
	return container.NewBorder(container.NewVBox(heading(lang.L("导入记录")), s.histEmpty, container.NewHBox(undo)), nil, nil, nil, s.histTbl)
}

func (s *importsScreen) undo(id int64) {
	var rep *sheets.UndoReport
	s.u.work(lang.L("正在撤销导入…"), func() (err error) {
		rep, err = sheets.Undo(context.Background(), s.u.proj.Store, id, s.u.actor())
		if err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("撤销失败"), err)
			return
		}
		msg := fmt.Sprintf(lang.L("已撤销导入 %d：恢复 %d 个数值，删除 %d 条佐证材料。"), rep.ImportID, rep.Restored, rep.Evidence)
		if len(rep.Kept) > 0 {
			msg += "\n" + lang.L("以下数值导入后又被修改，保持不变：") + strings.Join(rep.Kept, "、")
		}
		s.u.changed()
		s.u.inform(lang.L("撤销导入"), msg)
	})
}

func listerFor(dir string) (fyne.ListableURI, error) {
	return storage.ListerForURI(storage.NewFileURI(dir))
}
