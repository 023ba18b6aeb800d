package gui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
)

// orgsScreen (单位与分工) lists the organisations and groups, adds a town,
// street or park to a group, and shows the responsibility matrix (indicators
// × organisations, ● lead, ○ support); a cell of the matrix changes the
// indicator's assignment.
type orgsScreen struct {
	u      *UI
	root   fyne.CanvasObject
	orgs   []catalog.Organisation
	inds   []*catalog.Indicator
	list   *widget.List
	matrix *widget.Table
}

var orgKindLabel = map[string]string{
	catalog.KindDepartment: "部门",
	catalog.KindTown:       "镇街、园区",
	catalog.KindOffice:     "创建办",
	catalog.KindGroup:      "单位组",
}

func newOrgsScreen(u *UI) Screen {
	s := &orgsScreen{u: u}
	s.list = widget.NewList(
		func() int { return len(s.orgs) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewLabel("镇街、园区"), widget.NewLabel("海陵区创建生态文明建设示范区办公室"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			org := s.orgs[id]
			c := o.(*fyne.Container)
			name := org.Name
			if org.Kind == catalog.KindGroup {
				var ms []string
				for _, m := range org.Members {
					if mo, ok := s.cat().Org(m); ok {
						ms = append(ms, mo.Name)
					}
				}
				name += ":" + strings.Join(ms, "、")
			}
			c.Objects[0].(*widget.Label).SetText(name)
			c.Objects[0].(*widget.Label).Truncation = fyne.TextTruncateEllipsis
			c.Objects[1].(*widget.Label).SetText(lang.L(orgKindLabel[org.Kind]))
		})
	add := widget.NewButtonWithIcon(lang.L("添加单位…"), theme.ContentAddIcon(), s.addOrg)
	left := container.NewBorder(container.NewVBox(heading(lang.L("责任单位")), add), nil, nil, nil, s.list)

	s.matrix = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.inds), len(s.orgs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("●")
			l.Alignment = fyne.TextAlignCenter
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.mark(s.inds[id.Row], s.orgs[id.Col].ID))
		})
	s.matrix.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("生态环境状况指数")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	s.matrix.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col >= 0:
			l.SetText(s.orgs[id.Col].Name)
			l.Alignment = fyne.TextAlignCenter
		case id.Col < 0 && id.Row >= 0:
			l.SetText(s.inds[id.Row].Code + " " + zh(s.inds[id.Row].Name))
			l.Alignment = fyne.TextAlignLeading
		default:
			l.SetText("")
		}
	}
	s.matrix.OnSelected = func(id widget.TableCellID) {
		s.matrix.UnselectAll()
		s.editAssignment(s.inds[id.Row], s.orgs[id.Col])
	}
	legend := newWrapLabel(lang.L("● 牵头   ◎ 候选牵头（附件不一致，待裁定）   ○ 配合   点击单元格修改分工"))
	right := container.NewBorder(container.NewVBox(heading(lang.L("责任分工矩阵")), legend), nil, nil, nil, s.matrix)
	split := container.NewHSplit(left, right)
	split.Offset = 0.3
	s.root = container.NewPadded(split)
	s.Reload()
	return s
}

func (s *orgsScreen) Content() fyne.CanvasObject { return s.root }

func (s *orgsScreen) cat() *catalog.Catalog { return s.u.proj.Assessment().Catalog }

func (s *orgsScreen) Reload() {
	cat := s.cat()
	s.orgs = cat.Organisations
	s.inds = s.inds[:0]
	for i := range cat.Indicators {
		s.inds = append(s.inds, &cat.Indicators[i])
	}
	s.matrix.SetColumnWidth(-1, 250) // no effect on headers in all versions; widths below
	for i := range s.orgs {
		w := float32(len([]rune(s.orgs[i].Name)))*14 + 24
		if w < 64 {
			w = 64
		}
		s.matrix.SetColumnWidth(i, w)
	}
	s.list.Refresh()
	s.matrix.Refresh()
}

// mark is ● when org leads the indicator, ◎ when it is a candidate lead
// while the lead is still to be ruled on (the two annexes name different
// leads; as the matrix of the report shows it), ○ when it supports it.
func (s *orgsScreen) mark(ind *catalog.Indicator, org string) string {
	switch {
	case ind.LeadPending() && slices.Contains(ind.Candidates, org):
		return "◎"
	case slices.Contains(ind.Lead, org):
		return "●"
	case slices.Contains(ind.Supporters(), org):
		return "○"
	}
	return ""
}

func (s *orgsScreen) editAssignment(ind *catalog.Indicator, org catalog.Organisation) {
	opts := []string{lang.L("牵头 ●"), lang.L("配合 ○"), lang.L("不参与")}
	radio := widget.NewRadioGroup(opts, nil)
	// What is recorded now: a candidate lead keeps its provisional role
	// until the office rules.
	lead, support := ind.Organisations()
	switch {
	case slices.Contains(lead, org.ID):
		radio.SetSelected(opts[0])
	case slices.Contains(support, org.ID):
		radio.SetSelected(opts[1])
	default:
		radio.SetSelected(opts[2])
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("分工"), radio)}
	if s.mark(ind, org.ID) == "◎" {
		note := widget.NewLabel(fmt.Sprintf(lang.L("两份附件所列牵头单位不同：%s。\n尚待裁定，请在「指标体系」的「附件不一致」中裁定。"),
			s.cat().OrgNames(ind.Candidates)))
		items = append(items, widget.NewFormItem(lang.L("候选牵头"), note))
	}
	code := ind.Code
	dialog.ShowForm(fmt.Sprintf(lang.L("%s 在指标 %s「%s」中的分工"), org.Name, ind.Code, ind.Name), lang.L("保存"), lang.L("取消"),
		items, func(ok bool) {
			if !ok {
				return
			}
			nl, ns := without(lead, org.ID), without(support, org.ID)
			switch radio.Selected {
			case opts[0]:
				nl = append(nl, org.ID)
			case opts[1]:
				ns = append(ns, org.ID)
			}
			s.u.work(lang.L("正在保存…"), func() error {
				return s.u.proj.SetAssignments(code, nl, ns)
			}, func(err error) {
				if err != nil {
					s.u.showError(lang.L("分工未保存"), err)
					return
				}
				s.u.changed()
			})
		}, s.u.win)
}

func without(ids []string, id string) []string {
	var out []string
	for _, v := range ids {
		if v != id {
			out = append(out, v)
		}
	}
	return out
}

// addOrg registers a new organisation, e.g. a street or a park joining
// 各镇街、园区.
func (s *orgsScreen) addOrg() {
	name := newEntry()
	name.SetPlaceHolder(lang.L("如 城东街道"))
	kinds := []string{lang.L("镇街、园区"), lang.L("部门")}
	kind := widget.NewRadioGroup(kinds, nil)
	kind.SetSelected(kinds[0])
	groups := []string{lang.L("（不加入）")}
	ids := map[string]string{}
	for _, o := range s.orgs {
		if o.Kind == catalog.KindGroup {
			groups = append(groups, o.Name)
			ids[o.Name] = o.ID
		}
	}
	group := newSelect(groups, nil)
	if len(groups) > 1 {
		group.SetSelected(groups[1])
	} else {
		group.SetSelected(groups[0])
	}
	var d dialog.Dialog
	d = dialog.NewForm(lang.L("添加单位"), lang.L("添加"), lang.L("取消"), []*widget.FormItem{
		widget.NewFormItem(lang.L("名称"), name),
		widget.NewFormItem(lang.L("类别"), kind),
		widget.NewFormItem(lang.L("加入单位组"), group),
	}, func(ok bool) {
		if !ok {
			return
		}
		k := catalog.KindTown
		if kind.Selected == kinds[1] {
			k = catalog.KindDepartment
		}
		n, g := strings.TrimSpace(name.Text), ids[group.Selected]
		s.u.work(lang.L("正在保存…"), func() error {
			return s.u.proj.AddOrganisation(n, k, g)
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("单位未添加"), err)
				d.Show() // keeps what was typed
				return
			}
			s.u.changed()
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(480, 300))
	d.Show()
}
