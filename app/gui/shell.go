package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/seeds"
)

// Screen is one entry of the navigation. Content is built once, when the
// screen is first shown; Reload redraws it from u.Project() after the
// project's data changed (it is called on the UI thread).
type Screen interface {
	Content() fyne.CanvasObject
	Reload()
}

// screenDef registers a screen: its ID (for --screen), its label, its icon and
// the function that makes it.
type screenDef struct {
	id    string
	label string
	icon  fyne.Resource
	make  func(u *UI) Screen
}

// screens is the navigation, in order.
func screens() []screenDef {
	return []screenDef{
		{"overview", lang.L("总览"), theme.HomeIcon(), newOverview},
		{"catalog", lang.L("指标体系"), theme.ListIcon(), newCatalogScreen},
		{"data", lang.L("数据"), theme.GridIcon(), newDataScreen},
		{"orgs", lang.L("单位与分工"), theme.AccountIcon(), newOrgsScreen},
		{"imports", lang.L("导入导出"), theme.UploadIcon(), newImportsScreen},
		{"evidence", lang.L("佐证材料"), theme.FolderIcon(), newEvidenceScreen},
		{"milestones", lang.L("时间节点"), theme.CalendarIcon(), newMilestonesScreen},
		{"reports", lang.L("报告"), theme.DocumentIcon(), newReportsScreen},
		{"settings", lang.L("设置"), theme.SettingsIcon(), newSettingsScreen},
		{"narratives", lang.L("措施与成效"), theme.DocumentCreateIcon(), newNarrativesScreen},
	}
}

func seedCatalog() []byte { return seeds.Catalog }

// shell is the window's frame: header, navigation list and the current
// screen.
type shell struct {
	u       *UI
	root    *fyne.Container
	defs    []screenDef
	built   map[string]Screen
	current string

	nav     *widget.List
	title   *widget.Label
	badge   *fyne.Container
	content *fyne.Container
	body    *fyne.Container
	start   fyne.CanvasObject
}

func newShell(u *UI) *shell {
	s := &shell{u: u, defs: screens(), built: map[string]Screen{}}
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	badgeBg := canvas.NewRectangle(color.NRGBA{R: 0xff, G: 0xe0, B: 0x82, A: 0xff})
	badgeBg.CornerRadius = 4
	badgeText := canvas.NewText(lang.L("示例数据"), color.NRGBA{R: 0x7a, G: 0x4f, B: 0x00, A: 0xff})
	badgeText.TextStyle.Bold = true
	s.badge = container.NewStack(badgeBg, container.NewPadded(badgeText))
	s.badge.Hide()
	s.nav = widget.NewList(
		func() int { return len(s.defs) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("单位与分工"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(s.defs[id].icon)
			box.Objects[1].(*widget.Label).SetText(s.defs[id].label)
		})
	s.nav.OnSelected = func(id widget.ListItemID) { s.show(s.defs[id].id) }
	s.content = container.NewStack()
	header := container.NewBorder(nil, nil, nil,
		container.NewHBox(s.badge, widget.NewButtonWithIcon(lang.L("切换项目"), theme.FolderOpenIcon(), func() { s.showStart() })),
		s.title)
	navBox := container.NewBorder(nil, nil, nil, widget.NewSeparator(), s.nav)
	s.body = container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()), nil, navBox, nil, s.content)
	s.root = container.NewStack()
	return s
}

// addShortcuts registers the window's keyboard shortcuts: Ctrl+1…9 switch
// screens, Ctrl+S commits the cell being edited, Ctrl+F finds an indicator.
func (s *shell) addShortcuts(c fyne.Canvas) {
	for i := range s.defs {
		if i >= 9 {
			break
		}
		id := s.defs[i].id
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(rune('1' + i)), Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { s.select_(id) })
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { s.commit() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { s.find() })
}

// commit commits what is being edited on the current screen, if anything.
func (s *shell) commit() {
	if c, ok := s.built[s.current].(interface{ Commit() }); ok {
		c.Commit()
	}
}

// find focuses the current screen's search field, if it has one.
func (s *shell) find() {
	if f, ok := s.built[s.current].(interface{ Find() }); ok {
		f.Find()
	}
}

// showStart shows the start page (new, open, demo, recent projects).
func (s *shell) showStart() {
	s.start = newStartPage(s.u)
	s.root.Objects = []fyne.CanvasObject{s.start}
	s.root.Refresh()
}

// showBody returns from the start page to the open project.
func (s *shell) showBody() {
	if s.u.proj == nil {
		return
	}
	s.root.Objects = []fyne.CanvasObject{s.body}
	s.root.Refresh()
}

// showProject shows the open project on the given screen (default 总览).
func (s *shell) showProject(screen string) {
	for id := range s.built {
		delete(s.built, id)
	}
	s.current = ""
	a := s.u.proj.Assessment()
	s.title.SetText(a.Settings.Name)
	if s.u.proj.Sample() {
		s.badge.Show()
	} else {
		s.badge.Hide()
	}
	s.root.Objects = []fyne.CanvasObject{s.body}
	s.root.Refresh()
	if screen == "" || s.index(screen) < 0 {
		screen = "overview"
	}
	s.select_(screen)
}

func (s *shell) index(id string) int {
	for i, d := range s.defs {
		if d.id == id {
			return i
		}
	}
	return -1
}

// select_ selects a screen in the navigation, which shows it.
func (s *shell) select_(id string) {
	if s.u.proj == nil {
		return
	}
	if i := s.index(id); i >= 0 {
		s.nav.Select(i)
		s.show(id) // Select does nothing when the item is selected already
	}
}

// show makes the screen with the given ID the current one.
func (s *shell) show(id string) {
	if s.u.proj == nil || id == s.current {
		return
	}
	i := s.index(id)
	if i < 0 {
		return
	}
	s.commit() // what is being typed on the screen left is kept
	scr, ok := s.built[id]
	if !ok {
		scr = s.defs[i].make(s.u)
		s.built[id] = scr
	} else {
		scr.Reload()
	}
	s.current = id
	s.content.Objects = []fyne.CanvasObject{scr.Content()}
	s.content.Refresh()
}

// Current returns the ID of the screen shown.
func (s *shell) Current() string { return s.current }

// reload redraws the current screen; the others redraw when shown.
func (s *shell) reload() {
	if s.u.proj == nil {
		return
	}
	s.title.SetText(s.u.proj.Assessment().Settings.Name)
	if scr, ok := s.built[s.current]; ok {
		scr.Reload()
	}
}

// ShowScreen switches to a screen by ID (overview, catalog, data, orgs,
// imports, evidence, milestones, reports, settings).
func (u *UI) ShowScreen(id string) { u.shell.select_(id) }

// CurrentScreen returns the ID of the screen shown, "" on the start page.
func (u *UI) CurrentScreen() string { return u.shell.current }

// heading is a screen's title line.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(zh(text), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func newActivity() fyne.CanvasObject {
	a := widget.NewActivity()
	a.Start()
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(64, 64), a))
}
