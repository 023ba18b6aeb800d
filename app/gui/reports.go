package gui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/store"
	"ecoreport/report/narrative"
	"ecoreport/report/pkg"
	"ecoreport/templates"
)

// reportsScreen (报告) builds the submission package (技术报告, 创建工作报告,
// appendices, 材料清单) into a folder, and edits the narrative chapters with
// a live check of their placeholders and their history.
type reportsScreen struct {
	u    *UI
	root fyne.CanvasObject
	tabs *container.AppTabs

	// build
	outDir   *textEntry
	only     *widget.Select
	strict   *widget.Check
	notReady *wrapLabel
	progress *widget.ProgressBar
	status   *wrapLabel
	openDir  *widget.Button
	openTech *widget.Button
	files    *wrapLabel
	result   *pkg.Result
	building bool

	// chapters
	keys     []string
	chapters map[string]store.Chapter
	chList   *widget.List
	curKey   string
	editor   *textEntry
	check    *wrapLabel
	preview  *wrapLabel
	note     *textEntry
	saveBtn  *widget.Button
	history  []store.Chapter
	// snapshot is the time of the latest recorded value (数据截至), read
	// with the chapters off the UI thread for the live preview.
	snapshot time.Time
	histList *widget.List
	quiet    bool

	conditions *conditionsPanel
}

func newReportsScreen(u *UI) Screen {
	s := &reportsScreen{u: u}
	s.conditions = newConditionsPanel(u)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("生成报送材料"), theme.DocumentIcon(), s.buildTab()),
		container.NewTabItemWithIcon(lang.L("章节文字"), theme.DocumentCreateIcon(), s.chaptersTab()),
		container.NewTabItemWithIcon(lang.L("基本条件"), theme.ConfirmIcon(), s.conditions.content()),
	)
	s.root = container.NewPadded(s.tabs)
	s.Reload()
	return s
}

func (s *reportsScreen) Content() fyne.CanvasObject { return s.root }

func (s *reportsScreen) Reload() {
	a := s.u.proj.Assessment()
	if s.outDir.Text == "" {
		s.outDir.SetText(s.defaultOutDir())
	}
	issues := pkg.NotReady(a)
	if len(issues) == 0 {
		s.notReady.SetText(lang.L("全部就绪：没有未裁定分歧、缺数据、目标待定或缺佐证材料的事项。"))
		s.notReady.Importance = widget.SuccessImportance
	} else {
		s.notReady.SetText(lang.L("尚未就绪：") + pkg.IssueSummary(issues) + lang.L("。材料可以生成，材料清单中会列出这些事项。"))
		s.notReady.Importance = widget.WarningImportance
	}
	s.notReady.Refresh()
	s.loadChapters()
	s.conditions.reload()
}

// defaultOutDir is 报送材料 beside the project file; the demo project lives
// in a temporary folder that goes away, so its package goes to the user's
// Documents folder instead.
func (s *reportsScreen) defaultOutDir() string {
	if s.u.proj.Demo {
		if docs := documentsDir(); docs != "" {
			return filepath.Join(docs, lang.L("示例报送材料"))
		}
	}
	if dir := s.u.projectDir(); dir != "" {
		return filepath.Join(dir, lang.L("报送材料"))
	}
	return ""
}

func (s *reportsScreen) buildTab() fyne.CanvasObject {
	s.outDir = newEntry()
	s.outDir.SetPlaceHolder(lang.L("输出文件夹"))
	choose := widget.NewButtonWithIcon(lang.L("选择…"), theme.FolderOpenIcon(), func() {
		pickFolder(s.u, func(dir string) { s.outDir.SetText(filepath.Join(dir, lang.L("报送材料"))) })
	})
	opts := []string{lang.L("全部材料")}
	for _, d := range pkg.Documents {
		opts = append(opts, d.Title)
	}
	s.only = newSelect(opts, nil)
	s.only.SetSelectedIndex(0)
	s.strict = widget.NewCheck(lang.L("有未就绪事项时不生成（正式报送前使用）"), nil)
	s.notReady = newWrapLabel("")
	build := widget.NewButtonWithIcon(lang.L("生成"), theme.MediaPlayIcon(), s.build)
	build.Importance = widget.HighImportance
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.status = newWrapLabel("")
	s.openDir = widget.NewButtonWithIcon(lang.L("打开文件夹"), theme.FolderOpenIcon(), func() {
		if s.result != nil {
			s.u.openPath(s.result.Dir)
		}
	})
	s.openTech = widget.NewButtonWithIcon(lang.L("打开技术报告"), theme.FileIcon(), func() {
		if s.result != nil {
			s.u.openPath(filepath.Join(s.result.Dir, pkg.Documents[0].File))
		}
	})
	s.openDir.Disable()
	s.openTech.Disable()
	s.files = newWrapLabel("")
	var docs []string
	for _, d := range pkg.Documents {
		docs = append(docs, d.File)
	}
	docs = append(docs, pkg.ManifestPDF, pkg.ManifestJSON)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("输出文件夹"), container.NewBorder(nil, nil, nil, choose, s.outDir)),
		widget.NewFormItem(lang.L("生成"), container.NewHBox(s.only, s.strict)),
	)
	help := newWrapLabel(lang.L("将生成：") + strings.Join(docs, "、") + "。" +
		lang.L("生成时先写入临时文件夹，成功后再替换输出文件夹中的旧材料；失败时旧材料保持不变。"))
	return container.NewVScroll(container.NewVBox(
		heading(lang.L("生成报送材料")),
		demoNote(s.u),
		help,
		s.notReady,
		form,
		container.NewHBox(build),
		s.progress,
		s.status,
		container.NewHBox(s.openDir, s.openTech),
		s.files,
	))
}

// build builds the package off the UI thread, with the progress bar
// following the documents.
func (s *reportsScreen) build() {
	if s.building {
		return
	}
	dir := strings.TrimSpace(s.outDir.Text)
	if dir == "" {
		s.u.showError(lang.L("无法生成"), errors.New(lang.L("请先选择输出文件夹")))
		return
	}
	o := pkg.Options{Strict: s.strict.Checked}
	if i := s.only.SelectedIndex(); i > 0 {
		o.Only = pkg.Documents[i-1].Key
	}
	bar := widget.NewProgressBar()
	barText := widget.NewLabel(lang.L("正在准备数据…"))
	o.Progress = func(done, total int, name string) {
		fyne.Do(func() {
			if total > 0 {
				s.progress.SetValue(float64(done) / float64(total))
				bar.SetValue(float64(done) / float64(total))
			}
			msg := fmt.Sprintf(lang.L("已完成 %d/%d：%s"), done, total, name)
			s.status.SetText(msg)
			barText.SetText(msg)
		})
	}
	s.building = true
	s.progress.SetValue(0)
	s.progress.Show()
	s.status.SetText(lang.L("正在生成…"))
	s.openDir.Disable()
	s.openTech.Disable()
	prog := dialog.NewCustomWithoutButtons(lang.L("正在生成报送材料…"),
		container.NewGridWrap(fyne.NewSize(420, 80), container.NewVBox(bar, barText)), s.u.win)
	prog.Show()
	st := s.u.proj.Store
	s.u.bg(func() {
		res, err := pkg.Build(context.Background(), st, dir, o)
		fyne.Do(func() {
			prog.Hide()
			s.building = false
			s.done(res, err)
		})
	})
}

func (s *reportsScreen) done(res *pkg.Result, err error) {
	if err != nil {
		var nr *pkg.NotReadyError
		if errors.As(err, &nr) {
			s.status.SetText(lang.L("未生成：") + pkg.IssueSummary(nr.Issues))
		} else {
			s.status.SetText(lang.L("生成失败"))
		}
		s.progress.SetValue(0)
		s.u.showError(lang.L("报送材料未生成"), err)
		return
	}
	s.result = res
	s.progress.SetValue(1)
	s.status.SetText(fmt.Sprintf(lang.L("已生成到 %s"), res.Dir))
	var lines []string
	for _, f := range res.Files {
		l := f.Name
		if f.Pages > 0 {
			l += fmt.Sprintf(lang.L("（%d 页）"), f.Pages)
		}
		if f.Kept {
			l += lang.L("（沿用上次）")
		}
		lines = append(lines, l)
	}
	for _, w := range res.Warnings {
		lines = append(lines, lang.L("提示：")+w)
	}
	s.files.SetText(strings.Join(lines, "\n"))
	s.openDir.Enable()
	s.openTech.Enable()
}

// chapter tab

func (s *reportsScreen) chaptersTab() fyne.CanvasObject {
	s.chList = widget.NewList(
		func() int { return len(s.keys) },
		func() fyne.CanvasObject { return widget.NewLabel("存在问题与下一步工作（技术报告）") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(chapterLabel(s.keys[id]))
		})
	s.chList.OnSelected = func(id widget.ListItemID) { s.selectChapter(s.keys[id]) }

	s.editor = newMultiLineEntry()
	s.editor.Wrapping = fyne.TextWrapWord
	s.editor.OnChanged = func(string) {
		if !s.quiet {
			s.liveCheck()
		}
	}
	s.check = newWrapLabel("")
	s.preview = newWrapLabel("")
	s.note = newEntry()
	s.note.SetPlaceHolder(lang.L("修改说明（可选）"))
	s.saveBtn = widget.NewButtonWithIcon(lang.L("保存"), theme.DocumentSaveIcon(), s.saveChapter)
	s.saveBtn.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon(lang.L("恢复默认模板"), theme.ViewRefreshIcon(), func() {
		if t, ok := templates.Default(s.curKey); ok {
			s.editor.SetText(t)
		}
	})

	help := widget.NewList(
		func() int { return len(narrative.Names) },
		func() fyne.CanvasObject { return widget.NewLabel("{{参考性指标达标比例}}") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText("{{" + narrative.Names[id] + "}}")
		})
	help.OnSelected = func(id widget.ListItemID) {
		s.insertPlaceholder(narrative.Names[id])
		help.UnselectAll()
	}
	helpBox := container.NewBorder(
		widget.NewLabelWithStyle(lang.L("占位符（点击插入）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, help)

	s.histList = widget.NewList(
		func() int { return len(s.history) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("2018-05-31T09:00:00+08:00 创建办")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			h := s.history[len(s.history)-1-id]
			t := shortTime(h.At) + " " + h.Actor
			if h.Note != "" {
				t += " · " + h.Note
			}
			o.(*widget.Label).SetText(t)
		})
	s.histList.OnSelected = func(id widget.ListItemID) {
		h := s.history[len(s.history)-1-id]
		s.u.askConfirm(lang.L("载入历史版本"),
			fmt.Sprintf(lang.L("把 %s（%s）保存的版本载入编辑框？保存后成为新版本。"), shortTime(h.At), h.Actor), lang.L("确定"), lang.L("取消"), false,
			func(ok bool) {
				if ok {
					s.editor.SetText(h.Text)
				}
			})
		s.histList.UnselectAll()
	}
	histBox := container.NewBorder(
		widget.NewLabelWithStyle(lang.L("历史版本（点击载入）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.histList)

	checkBox := container.NewVBox(s.check)
	editorBox := container.NewBorder(
		nil,
		container.NewVBox(checkBox, container.NewBorder(nil, nil, nil, container.NewHBox(reset, s.saveBtn), s.note)),
		nil, nil, s.editor)
	previewBox := container.NewBorder(
		widget.NewLabelWithStyle(lang.L("预览（按当前数据填入）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, container.NewVScroll(s.preview))
	right := container.NewVSplit(helpBox, histBox)
	right.Offset = 0.6
	center := container.NewVSplit(editorBox, previewBox)
	center.Offset = 0.62
	inner := container.NewHSplit(center, right)
	inner.Offset = 0.74
	outer := container.NewHSplit(s.chList, inner)
	outer.Offset = 0.2
	return outer
}

// chapterLabel names a chapter with its document.
func chapterLabel(key string) string {
	for _, t := range templates.List {
		if t.Key == key {
			return key + "（" + t.Document + "）"
		}
	}
	return key
}

// loadChapters reads the chapters: the default ones in document order,
// then the others (主要措施/…) sorted.
func (s *reportsScreen) loadChapters() {
	st := s.u.proj.Store
	s.u.bg(func() {
		chs, err := st.Chapters()
		var extra []string
		var kerr error
		if err == nil {
			extra, kerr = st.ChapterKeys()
		}
		snap := snapshotTime(st)
		fyne.Do(func() {
			if err != nil {
				s.check.SetText(lang.L("无法读取章节：") + err.Error())
				return
			}
			if kerr != nil {
				fyne.LogError("章节列表", kerr) // the default chapters are listed all the same
			}
			s.showChapters(chs, extra, snap)
		})
	})
}

// showChapters lists the chapters read by loadChapters: the default ones in
// document order, then the others.
func (s *reportsScreen) showChapters(chs map[string]store.Chapter, extra []string, snap time.Time) {
	s.chapters = chs
	s.snapshot = snap
	s.keys = s.keys[:0]
	seen := map[string]bool{}
	for _, t := range templates.List {
		s.keys = append(s.keys, t.Key)
		seen[t.Key] = true
	}
	for _, k := range extra {
		if !seen[k] {
			s.keys = append(s.keys, k)
		}
	}
	s.chList.Refresh()
	if s.curKey == "" && len(s.keys) > 0 {
		s.chList.Select(0)
	} else if s.curKey != "" {
		s.loadHistory()
	}
}

// selectChapter shows a chapter in the editor.
func (s *reportsScreen) selectChapter(key string) {
	s.curKey = key
	s.quiet = true
	s.editor.SetText(s.chapters[key].Text)
	s.quiet = false
	s.note.SetText("")
	s.loadHistory()
	s.liveCheck()
}

func (s *reportsScreen) loadHistory() {
	key, st := s.curKey, s.u.proj.Store
	s.u.bg(func() {
		h, err := st.ChapterHistory(key)
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("章节历史", err)
			}
			if s.curKey != key {
				return // another chapter was chosen meanwhile
			}
			s.history = h
			s.histList.Refresh()
		})
	})
}

// snapshotTime is the time of the latest recorded value, as the package
// prints it (数据截至).
func snapshotTime(st *store.Store) time.Time {
	if _, latest, err := st.ValueChanges(); err == nil && !latest.IsZero() {
		return latest
	}
	return time.Now()
}

// snapshotOrNow is the 数据截至 time read with the chapters, or now before
// they are read.
func (s *reportsScreen) snapshotOrNow() time.Time {
	if s.snapshot.IsZero() {
		return time.Now()
	}
	return s.snapshot
}

// liveCheck checks the text being edited and previews it with the data.
func (s *reportsScreen) liveCheck() {
	text := s.editor.Text
	if err := narrative.Check(s.curKey, text); err != nil {
		s.showCheck(err)
		return
	}
	out, err := narrative.Expand(s.curKey, text, &narrative.Data{A: s.u.proj.Assessment(), Snapshot: s.snapshotOrNow()})
	if err != nil {
		s.showCheck(err)
		return
	}
	s.check.Importance = widget.SuccessImportance
	s.check.SetText(lang.L("√ 检查通过：占位符均可识别。"))
	s.saveBtn.Enable()
	s.preview.SetText(strings.Join(narrative.Paragraphs(out), "\n\n"))
}

func (s *reportsScreen) showCheck(err error) {
	s.check.Importance = widget.DangerImportance
	var ne *narrative.Error
	if errors.As(err, &ne) && ne.Line > 0 {
		s.check.SetText(fmt.Sprintf(lang.L("第 %d 行：%s"), ne.Line, ne.Msg))
	} else {
		s.check.SetText(err.Error())
	}
	s.saveBtn.Disable()
}

// insertPlaceholder inserts {{name}} at the editor's cursor.
func (s *reportsScreen) insertPlaceholder(name string) {
	ins := "{{" + name + "}}"
	lines := strings.Split(s.editor.Text, "\n")
	row, col := s.editor.CursorRow, s.editor.CursorColumn
	if row < 0 || row >= len(lines) {
		s.editor.SetText(s.editor.Text + ins)
		return
	}
	line := []rune(lines[row])
	if col > len(line) {
		col = len(line)
	}
	lines[row] = string(line[:col]) + ins + string(line[col:])
	s.editor.SetText(strings.Join(lines, "\n"))
	s.editor.CursorRow = row
	s.editor.CursorColumn = col + utf8.RuneCountInString(ins)
	s.editor.Refresh()
	s.u.win.Canvas().Focus(s.editor)
}

// saveChapter saves the text as a new version of the chapter.
func (s *reportsScreen) saveChapter() {
	key, text, note := s.curKey, s.editor.Text, strings.TrimSpace(s.note.Text)
	if key == "" {
		return
	}
	if err := narrative.Check(key, text); err != nil {
		s.showCheck(err)
		return
	}
	s.u.work(lang.L("正在保存章节…"), func() error {
		return s.u.proj.Store.SaveChapter(key, text, s.u.actor(), note)
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("章节未保存"), err)
			return
		}
		s.note.SetText("")
		s.u.changed()
	})
}
