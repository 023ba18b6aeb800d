package gui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// stateColors maps a review state to the colours of its badge.
func stateColors(st evidence.State) statusColors {
	switch st {
	case evidence.StateAccepted:
		return metColors
	case evidence.StateNeedsMore:
		return notMetColors
	case evidence.StateRevised:
		return pendingColors
	default:
		return missingColors
	}
}

// evidenceScreen (佐证材料) is the evidence ledger: the completeness summary
// on top, filters, the list of items with their review state, and the
// selected item's details, attachments, review buttons and history.
type evidenceScreen struct {
	u    *UI
	root fyne.CanvasObject

	summary *widget.Label
	missing *widget.Label

	indSel, yearSel, orgSel, stateSel *widget.Select
	quiet                             bool

	list    *widget.List
	items   []evidence.Item
	selID   int64
	details *fyne.Container

	// indicator codes, years and organisation IDs behind the select options
	indCodes []string
	years    []int
	orgIDs   []string
}

func newEvidenceScreen(u *UI) Screen {
	s := &evidenceScreen{u: u}
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.missing = widget.NewLabel("")
	s.missing.Wrapping = fyne.TextWrapWord
	s.missing.Truncation = fyne.TextTruncateOff

	onChange := func(string) {
		if !s.quiet {
			s.refreshList()
		}
	}
	s.indSel = widget.NewSelect(nil, onChange)
	s.yearSel = widget.NewSelect(nil, onChange)
	s.orgSel = widget.NewSelect(nil, onChange)
	s.stateSel = widget.NewSelect(nil, onChange)

	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(missingColors.bg)
			bg.CornerRadius = 4
			t := canvas.NewText("需补充", missingColors.fg)
			t.Alignment = fyne.TextAlignCenter
			badge := container.NewGridWrap(fyne.NewSize(58, 30), container.NewStack(bg, container.NewCenter(t)))
			title := widget.NewLabel("关于印发生态文明建设规划的通知")
			title.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, badge, nil, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := s.items[id]
			c := o.(*fyne.Container)
			title := c.Objects[0].(*widget.Label)
			badge := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
			col := stateColors(it.State)
			bg := badge.Objects[0].(*canvas.Rectangle)
			bg.FillColor = col.bg
			bg.Refresh()
			t := badge.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			t.Text = it.StateLabel
			t.Color = col.fg
			t.Refresh()
			clip := ""
			if len(it.Attachments) > 0 {
				clip = fmt.Sprintf(lang.L("(附件 %d)"), len(it.Attachments))
			}
			title.SetText(fmt.Sprintf("%s · %s · %s%s", it.Indicator, it.YearLabel(), it.Title, clip))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.selID = s.items[id].ID
		s.showDetails()
	}
	s.list.OnUnselected = func(widget.ListItemID) {}

	add := widget.NewButtonWithIcon(lang.L("登记佐证材料…"), theme.ContentAddIcon(), s.addItem)
	add.Importance = widget.HighImportance
	filters := container.NewHBox(
		widget.NewLabel(lang.L("指标")), container.NewGridWrap(fyne.NewSize(220, s.indSel.MinSize().Height), s.indSel),
		widget.NewLabel(lang.L("年度")), container.NewGridWrap(fyne.NewSize(110, s.yearSel.MinSize().Height), s.yearSel),
		widget.NewLabel(lang.L("单位")), container.NewGridWrap(fyne.NewSize(170, s.orgSel.MinSize().Height), s.orgSel),
		widget.NewLabel(lang.L("状态")), container.NewGridWrap(fyne.NewSize(100, s.stateSel.MinSize().Height), s.stateSel),
	)
	legend := container.NewHBox(
		legendItem(stateColors(evidence.StatePending), evidence.StatePending.Label()),
		legendItem(stateColors(evidence.StateAccepted), evidence.StateAccepted.Label()),
		legendItem(stateColors(evidence.StateNeedsMore), evidence.StateNeedsMore.Label()),
		legendItem(stateColors(evidence.StateRevised), evidence.StateRevised.Label()))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(add), container.NewVBox(s.summary, s.missing)),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, legend, container.NewHScroll(filters)),
	)
	s.details = container.NewVBox()
	detailScroll := container.NewVScroll(container.NewPadded(s.details))
	split := container.NewHSplit(s.list, detailScroll)
	split.Offset = 0.5
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	s.Reload()
	return s
}

func (s *evidenceScreen) Content() fyne.CanvasObject { return s.root }

// Reload rebuilds the filter options, the summary and the list.
func (s *evidenceScreen) Reload() {
	a := s.u.proj.Assessment()
	s.quiet = true
	all := lang.L("全部")
	indOpts := []string{all}
	s.indCodes = []string{""}
	for _, ind := range a.Catalog.All() {
		indOpts = append(indOpts, ind.Code+" "+ind.Name)
		s.indCodes = append(s.indCodes, ind.Code)
	}
	yearOpts := []string{all}
	s.years = []int{0}
	for _, y := range a.Settings.AssessedYears {
		yearOpts = append(yearOpts, fmt.Sprintf("%d年", y))
		s.years = append(s.years, y)
	}
	orgOpts := []string{all}
	s.orgIDs = []string{""}
	for _, o := range a.Catalog.Organisations {
		orgOpts = append(orgOpts, o.Name)
		s.orgIDs = append(s.orgIDs, o.ID)
	}
	stateOpts := []string{all}
	for _, st := range evidence.States {
		stateOpts = append(stateOpts, st.Label())
	}
	keep := func(sel *widget.Select, opts []string) {
		cur := sel.Selected
		sel.SetOptions(opts)
		if cur == "" || indexOf(opts, cur) < 0 {
			cur = all
		}
		sel.SetSelected(cur)
	}
	keep(s.indSel, indOpts)
	keep(s.yearSel, yearOpts)
	keep(s.orgSel, orgOpts)
	keep(s.stateSel, stateOpts)
	s.quiet = false
	s.refreshSummary()
	s.refreshList()
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

func (s *evidenceScreen) refreshSummary() {
	sum, err := evidence.Completeness(s.u.proj.Store)
	if err != nil {
		s.summary.SetText(lang.L("无法计算佐证材料完整度:") + err.Error())
		s.missing.SetText("")
		return
	}
	s.summary.SetText(fmt.Sprintf(lang.L("佐证材料完整度 %d/%d 个指标年度(%.0f%%)· 待审 %d · 合格 %d · 需补充 %d · 已整改 %d"),
		sum.Complete, sum.Total, sum.Share*100,
		sum.States[evidence.StatePending], sum.States[evidence.StateAccepted],
		sum.States[evidence.StateNeedsMore], sum.States[evidence.StateRevised]))
	var parts []string
	for _, o := range sum.ByOrg {
		if n := len(o.Missing); n > 0 {
			parts = append(parts, fmt.Sprintf("%s 缺 %d", o.Name, n))
		}
	}
	if len(parts) == 0 {
		s.missing.SetText(lang.L("各牵头单位的佐证材料均已齐全。"))
		return
	}
	s.missing.SetText(lang.L("尚缺合格材料:") + strings.Join(parts, ";"))
}

// filter returns the filter the selects say.
func (s *evidenceScreen) filter() evidence.Filter {
	f := evidence.Filter{}
	if i := s.indSel.SelectedIndex(); i > 0 {
		f.Indicator = s.indCodes[i]
	}
	if i := s.yearSel.SelectedIndex(); i > 0 {
		f.Year = s.years[i]
		f.SpanningToo = true
	}
	if i := s.orgSel.SelectedIndex(); i > 0 {
		f.Org = s.orgIDs[i]
	}
	if i := s.stateSel.SelectedIndex(); i > 0 {
		f.State = evidence.States[i-1]
	}
	return f
}

func (s *evidenceScreen) refreshList() {
	items, err := evidence.List(s.u.proj.Store, s.filter())
	if err != nil {
		s.u.showError(lang.L("无法读取佐证材料"), err)
		items = nil
	}
	s.items = items
	s.list.UnselectAll()
	s.list.Refresh()
	for i, it := range s.items {
		if it.ID == s.selID {
			s.list.Select(i)
			return
		}
	}
	s.selID = 0
	if len(s.items) > 0 {
		s.list.Select(0) // shows the first item's details
		s.list.ScrollToTop()
		return
	}
	s.showDetails()
}

func (s *evidenceScreen) selected() (evidence.Item, bool) {
	for _, it := range s.items {
		if it.ID == s.selID {
			return it, true
		}
	}
	return evidence.Item{}, false
}

func evField(label, value string) fyne.CanvasObject {
	if value == "" {
		value = "—"
	}
	v := widget.NewLabel(value)
	v.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(80, 36), widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})), nil, v)
}

// showDetails draws the selected item: fields, state, attachments, review
// buttons and history.
func (s *evidenceScreen) showDetails() {
	s.details.RemoveAll()
	it, ok := s.selected()
	if !ok {
		hint := widget.NewLabel(lang.L("在左侧选择一条佐证材料,查看详情、附件并审核。"))
		hint.Wrapping = fyne.TextWrapWord
		s.details.Add(hint)
		return
	}
	a := s.u.proj.Assessment()
	name := it.Indicator
	if ind, ok := a.Catalog.Indicator(it.Indicator); ok {
		name = ind.Code + " " + ind.Name
	}
	org := it.Org
	if o, ok := a.Catalog.Org(it.Org); ok {
		org = o.Name
	}
	title := heading(it.Title)
	title.Wrapping = fyne.TextWrapWord
	s.details.Add(title)
	col := stateColors(it.State)
	s.details.Add(legendItem(col, it.StateLabel))
	pages := ""
	if it.Pages > 0 {
		pages = strconv.Itoa(it.Pages)
	}
	s.details.Add(evField(lang.L("指标"), name))
	s.details.Add(evField(lang.L("年度"), it.YearLabel()))
	s.details.Add(evField(lang.L("文号"), it.DocNumber))
	s.details.Add(evField(lang.L("发文单位"), it.Issuer))
	s.details.Add(evField(lang.L("日期"), it.IssuedOn))
	s.details.Add(evField(lang.L("页数"), pages))
	s.details.Add(evField(lang.L("报送单位"), org))
	if it.Feedback != "" {
		s.details.Add(evField(lang.L("反馈意见"), it.Feedback))
	}
	if it.ReviewedBy != "" {
		s.details.Add(evField(lang.L("审核"), it.ReviewedBy+" "+shortTime(it.ReviewedAt)))
	}

	// Attachments.
	s.details.Add(widget.NewSeparator())
	s.details.Add(widget.NewLabelWithStyle(lang.L("附件"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(it.Attachments) == 0 {
		s.details.Add(widget.NewLabel(lang.L("(无附件)")))
	}
	for _, at := range it.Attachments {
		at := at
		open := widget.NewButtonWithIcon(lang.L("打开"), theme.FileIcon(), func() { s.openAttachment(at) })
		save := widget.NewButtonWithIcon(lang.L("导出…"), theme.DownloadIcon(), func() { s.exportAttachment(at) })
		l := widget.NewLabel(fmt.Sprintf("%s(%s)", at.Name, humanSize(at.Size)))
		l.Truncation = fyne.TextTruncateEllipsis
		s.details.Add(container.NewBorder(nil, nil, nil, container.NewHBox(open, save), l))
	}
	s.details.Add(widget.NewButtonWithIcon(lang.L("添加附件…"), theme.ContentAddIcon(), func() { s.attach(it.ID) }))

	// Review.
	s.details.Add(widget.NewSeparator())
	s.details.Add(widget.NewLabelWithStyle(lang.L("审核"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	next := evidence.Next(it.State)
	if len(next) == 0 {
		s.details.Add(widget.NewLabel(lang.L("当前状态下无可用的审核操作。")))
	}
	var btns []fyne.CanvasObject
	for _, to := range next {
		to := to
		b := widget.NewButton(to.Label(), func() { s.askReview(it, to) })
		switch to {
		case evidence.StateAccepted:
			b.Importance = widget.SuccessImportance
		case evidence.StateNeedsMore:
			b.Importance = widget.DangerImportance
		}
		btns = append(btns, b)
	}
	s.details.Add(container.NewHBox(btns...))

	// History.
	s.details.Add(widget.NewSeparator())
	s.details.Add(widget.NewLabelWithStyle(lang.L("历史记录"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	evs, err := evidence.History(s.u.proj.Store, it.ID)
	if err != nil {
		s.details.Add(widget.NewLabel(err.Error()))
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		l := widget.NewLabel(fmt.Sprintf("%s %s:%s", shortTime(ev.At), ev.Actor, ev.Describe()))
		l.Wrapping = fyne.TextWrapWord
		s.details.Add(l)
	}
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d 字节", n)
	}
}

// askReview asks for the feedback text (required for 需补充) and records
// the decision.
func (s *evidenceScreen) askReview(it evidence.Item, to evidence.State) {
	text := widget.NewMultiLineEntry()
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	label := lang.L("说明(可选)")
	if to == evidence.StateNeedsMore {
		label = lang.L("反馈意见(必填)")
		text.SetPlaceHolder(lang.L("逐条写明需补充的内容,如:缺少盖章页;请补充2017年度数据。"))
		text.Validator = func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("%s", lang.L("请填写需补充的内容"))
			}
			return nil
		}
	}
	d := dialog.NewForm(fmt.Sprintf(lang.L("审核为「%s」:%s"), to.Label(), it.Title), lang.L("确定"), lang.L("取消"),
		[]*widget.FormItem{widget.NewFormItem(label, text)}, func(ok bool) {
			if ok {
				s.review(it.ID, to, strings.TrimSpace(text.Text))
			}
		}, s.u.win)
	d.Resize(fyne.NewSize(560, 300))
	d.Show()
}

// review records a review decision.
func (s *evidenceScreen) review(id int64, to evidence.State, text string) {
	s.selID = id
	s.u.work(lang.L("正在保存审核结果…"), func() error {
		if err := evidence.Review(s.u.proj.Store, id, to, text, s.u.actor()); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("审核未保存"), err)
			return
		}
		s.u.changed()
	})
}

// openAttachment writes the attachment to a temporary folder and opens it
// with the system's viewer.
func (s *evidenceScreen) openAttachment(at evidence.Attachment) {
	var path string
	s.u.work(lang.L("正在打开附件…"), func() error {
		dir, err := os.MkdirTemp("", "ecoreport-evidence-")
		if err != nil {
			return err
		}
		path, err = evidence.Export(s.u.proj.Store, at.ID, dir)
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("无法打开附件"), err)
			return
		}
		openPath(path)
	})
}

// openPath opens a file or folder with the system's default program.
func openPath(path string) {
	if a := fyne.CurrentApp(); a != nil {
		u, err := url.Parse(storage.NewFileURI(path).String())
		if err == nil {
			err = a.OpenURL(u)
		}
		if err != nil {
			fyne.LogError("打开 "+path, err)
		}
	}
}

// exportAttachment saves the attachment into a folder the user picks.
func (s *evidenceScreen) exportAttachment(at evidence.Attachment) {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		var path string
		s.u.work(lang.L("正在导出附件…"), func() (err error) {
			path, err = evidence.Export(s.u.proj.Store, at.ID, dir.Path())
			return err
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("附件未导出"), err)
				return
			}
			dialog.ShowInformation(lang.L("已导出"), path, s.u.win)
		})
	}, s.u.win)
}

// attach adds a file to an item.
func (s *evidenceScreen) attach(id int64) {
	pickFile(s.u, []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
		s.selID = id
		s.u.work(lang.L("正在添加附件…"), func() error {
			if _, err := evidence.AttachFile(s.u.proj.Store, id, path, s.u.actor()); err != nil {
				return err
			}
			return s.u.proj.Reload()
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("附件未添加"), err)
				return
			}
			s.u.changed()
		})
	})
}

// pickFile shows a file dialog filtered on extensions and calls fn with
// the chosen path.
func pickFile(u *UI, exts []string, fn func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(lang.L("无法打开文件"), err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		fn(path)
	}, u.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// addItem shows the form that registers a new evidence item.
func (s *evidenceScreen) addItem() {
	a := s.u.proj.Assessment()
	var indOpts, indCodes []string
	for _, ind := range a.Catalog.All() {
		indOpts = append(indOpts, ind.Code+" "+ind.Name)
		indCodes = append(indCodes, ind.Code)
	}
	ind := widget.NewSelect(indOpts, nil)
	if i := s.indSel.SelectedIndex(); i > 0 {
		ind.SetSelectedIndex(i - 1)
	}
	yearOpts := []string{lang.L("跨年度")}
	years := []int{0}
	for _, y := range a.Settings.AssessedYears {
		yearOpts = append(yearOpts, fmt.Sprintf("%d年", y))
		years = append(years, y)
	}
	year := widget.NewSelect(yearOpts, nil)
	if i := s.yearSel.SelectedIndex(); i > 0 {
		year.SetSelectedIndex(i)
	} else {
		year.SetSelectedIndex(len(yearOpts) - 1)
	}
	var orgOpts, orgIDs []string
	orgOpts = append(orgOpts, lang.L("(未指定)"))
	orgIDs = append(orgIDs, "")
	for _, o := range a.Catalog.Organisations {
		orgOpts = append(orgOpts, o.Name)
		orgIDs = append(orgIDs, o.ID)
	}
	org := widget.NewSelect(orgOpts, nil)
	org.SetSelectedIndex(0)
	if i := s.orgSel.SelectedIndex(); i > 0 {
		org.SetSelectedIndex(i)
	}
	title := widget.NewEntry()
	title.SetPlaceHolder(lang.L("文件标题,如 关于印发《生态文明建设规划》的通知"))
	title.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s", lang.L("请填写标题"))
		}
		return nil
	}
	docNo := widget.NewEntry()
	docNo.SetPlaceHolder(lang.L("如 泰政发〔2017〕12号"))
	issuer := widget.NewEntry()
	date := widget.NewEntry()
	date.SetPlaceHolder("2017-03-15")
	pages := widget.NewEntry()
	pages.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 0 {
			return fmt.Errorf("%s", lang.L("页数应为整数"))
		}
		return nil
	}
	var files []string
	fileLabel := widget.NewLabel(lang.L("(未选择文件)"))
	fileLabel.Wrapping = fyne.TextWrapWord
	pick := widget.NewButtonWithIcon(lang.L("选择文件…"), theme.FolderOpenIcon(), func() {
		pickFile(s.u, []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
			files = append(files, path)
			var names []string
			for _, f := range files {
				names = append(names, filepath.Base(f))
			}
			fileLabel.SetText(strings.Join(names, "\n"))
		})
	})
	form := []*widget.FormItem{
		widget.NewFormItem(lang.L("指标"), ind),
		widget.NewFormItem(lang.L("年度"), year),
		widget.NewFormItem(lang.L("标题"), title),
		widget.NewFormItem(lang.L("文号"), docNo),
		widget.NewFormItem(lang.L("发文单位"), issuer),
		widget.NewFormItem(lang.L("日期"), date),
		widget.NewFormItem(lang.L("页数"), pages),
		widget.NewFormItem(lang.L("报送单位"), org),
		widget.NewFormItem(lang.L("附件(PDF/JPG/PNG)"), container.NewBorder(nil, nil, nil, pick, fileLabel)),
	}
	d := dialog.NewForm(lang.L("登记佐证材料"), lang.L("登记"), lang.L("取消"), form, func(ok bool) {
		if !ok {
			return
		}
		if ind.SelectedIndex() < 0 {
			s.u.showError(lang.L("未登记"), fmt.Errorf("%s", lang.L("请选择指标")))
			return
		}
		n, _ := strconv.Atoi(strings.TrimSpace(pages.Text))
		d := evidence.Draft{EvidenceItem: store.EvidenceItem{
			Indicator: indCodes[ind.SelectedIndex()],
			Year:      years[max(year.SelectedIndex(), 0)],
			Title:     strings.TrimSpace(title.Text),
			DocNumber: strings.TrimSpace(docNo.Text),
			Issuer:    strings.TrimSpace(issuer.Text),
			IssuedOn:  strings.TrimSpace(date.Text),
			Pages:     n,
			Org:       orgIDs[max(org.SelectedIndex(), 0)],
		}}
		s.add(d, files)
	}, s.u.win)
	d.Resize(fyne.NewSize(640, 560))
	d.Show()
}

// add records a new item with the files at paths.
func (s *evidenceScreen) add(d evidence.Draft, paths []string) {
	var id int64
	s.u.work(lang.L("正在登记佐证材料…"), func() error {
		for _, p := range paths {
			f, err := evidence.ReadFile(p)
			if err != nil {
				return err
			}
			d.Files = append(d.Files, f)
		}
		var err error
		if id, err = evidence.Add(s.u.proj.Store, d, s.u.actor()); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("佐证材料未登记"), err)
			return
		}
		s.selID = id
		s.u.changed()
	})
}
