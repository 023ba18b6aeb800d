package gui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/store"
)

// settingsScreen (设置) edits the project's facts, years, pass rule, fonts
// and "today" for milestones, the name recorded with changes, and makes and
// restores backups.
type settingsScreen struct {
	u    *UI
	root fyne.CanvasObject

	name, district, city, province *textEntry
	assessed, monitoring           *textEntry
	share, today, actor            *textEntry
	fonts                          *widget.RadioGroup
	path                           *widget.Label
}

var (
	fontsBundled = "内置开源字体（任何电脑效果一致）"
	fontsSystem  = "本机字体（有仿宋、小标宋时使用）"
)

func newSettingsScreen(u *UI) Screen {
	s := &settingsScreen{u: u}
	s.name, s.district, s.city, s.province = newEntry(), newEntry(), newEntry(), newEntry()
	s.assessed, s.monitoring = newEntry(), newEntry()
	s.assessed.SetPlaceHolder("2015、2016、2017")
	s.monitoring.SetPlaceHolder("2018、2019、2020")
	s.share = newEntry()
	s.share.SetPlaceHolder("80")
	s.today = newEntry()
	s.today.SetPlaceHolder(lang.L("留空为实际日期，如 2018-05-10"))
	s.actor = newEntry()
	s.actor.SetPlaceHolder("创建办")
	s.fonts = widget.NewRadioGroup([]string{lang.L(fontsBundled), lang.L(fontsSystem)}, nil)
	s.path = widget.NewLabel("")
	s.path.Wrapping = fyne.TextWrapBreak

	form := widget.NewForm(
		widget.NewFormItem(lang.L("项目名称"), s.name),
		widget.NewFormItem(lang.L("区县"), s.district),
		widget.NewFormItem(lang.L("地级市"), s.city),
		widget.NewFormItem(lang.L("省份"), s.province),
		widget.NewFormItem(lang.L("考核年度"), s.assessed),
		widget.NewFormItem(lang.L("监测年度"), s.monitoring),
		widget.NewFormItem(lang.L("参考性指标达标比例不低于（%）"), s.share),
		widget.NewFormItem(lang.L("报告字体"), s.fonts),
		widget.NewFormItem(lang.L("今天（用于时间节点）"), s.today),
	)
	save := widget.NewButtonWithIcon(lang.L("保存设置"), theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon(lang.L("放弃修改"), theme.ContentUndoIcon(), s.Reload)

	me := widget.NewForm(widget.NewFormItem(lang.L("记录修改人为"), s.actor))
	s.actor.OnChanged = func(v string) { u.app.Preferences().SetString(prefActor, strings.TrimSpace(v)) }

	backup := widget.NewButtonWithIcon(lang.L("备份项目…"), theme.DownloadIcon(), func() { s.backup() })
	restore := widget.NewButtonWithIcon(lang.L("从备份恢复…"), theme.HistoryIcon(), s.restore)
	box := container.NewVBox(
		heading(lang.L("项目设置")), form, container.NewHBox(save, reset),
		widget.NewSeparator(),
		heading(lang.L("本机")), me,
		widget.NewSeparator(),
		heading(lang.L("备份与恢复")), s.path, container.NewHBox(backup, restore),
	)
	s.root = container.NewVScroll(container.NewPadded(container.NewGridWrap(fyne.NewSize(720, box.MinSize().Height), box)))
	s.Reload()
	return s
}

func (s *settingsScreen) Content() fyne.CanvasObject { return s.root }

func yearsString(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, "、")
}

// parseYears reads "2015、2016,2017 2018" or "2015-2017".
func parseYears(s string) ([]int, error) {
	s = strings.NewReplacer("、", " ", ",", " ", ",", " ", ";", " ", "—", "-", "–", "-", "至", "-").Replace(s)
	var out []int
	for _, f := range strings.Fields(s) {
		if a, b, ok := strings.Cut(f, "-"); ok {
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || y < x || y-x > 50 {
				return nil, fmt.Errorf(lang.L("年度「%s」无法识别，应如 2015-2017"), f)
			}
			for v := x; v <= y; v++ {
				out = append(out, v)
			}
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf(lang.L("年度「%s」无法识别，应为四位数年份"), f)
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *settingsScreen) Reload() {
	a := s.u.proj.Assessment()
	st := a.Settings
	s.name.SetText(st.Name)
	s.district.SetText(st.District)
	s.city.SetText(st.City)
	s.province.SetText(st.Province)
	s.assessed.SetText(yearsString(st.AssessedYears))
	s.monitoring.SetText(yearsString(st.MonitoringYears))
	s.share.SetText(strconv.FormatFloat(st.PassRule.ReferenceShare*100, 'f', -1, 64))
	s.today.SetText(st.Today)
	if st.Fonts == "system" {
		s.fonts.SetSelected(lang.L(fontsSystem))
	} else {
		s.fonts.SetSelected(lang.L(fontsBundled))
	}
	s.actor.SetText(s.u.app.Preferences().String(prefActor))
	where := s.u.proj.Store.Path()
	if s.u.proj.Demo {
		where = lang.L("示例项目保存在临时文件夹中，关闭后即删除；如需保留请先备份：") + where
	} else {
		where = lang.L("项目文件：") + where
	}
	s.path.SetText(where)
}

// save checks and writes the settings; on an error what was typed stays.
func (s *settingsScreen) save() {
	st := s.u.proj.Assessment().Settings
	st.Name = strings.TrimSpace(s.name.Text)
	st.District = strings.TrimSpace(s.district.Text)
	st.City = strings.TrimSpace(s.city.Text)
	st.Province = strings.TrimSpace(s.province.Text)
	var err error
	if st.AssessedYears, err = parseYears(s.assessed.Text); err != nil {
		s.u.showError(lang.L("设置未保存"), err)
		return
	}
	if st.MonitoringYears, err = parseYears(s.monitoring.Text); err != nil {
		s.u.showError(lang.L("设置未保存"), err)
		return
	}
	share, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s.share.Text), "%"), 64)
	if err != nil || share <= 0 || share > 100 {
		s.u.showError(lang.L("设置未保存"), fmt.Errorf(lang.L("达标比例「%s」应为 1 到 100 之间的数"), s.share.Text))
		return
	}
	st.PassRule.ReferenceShare = share / 100
	st.Today = strings.TrimSpace(s.today.Text)
	if st.Today != "" {
		if _, err := time.Parse("2006-01-02", st.Today); err != nil {
			s.u.showError(lang.L("设置未保存"), fmt.Errorf(lang.L("日期「%s」应写成 2018-05-10 的形式"), st.Today))
			return
		}
	}
	st.Fonts = "bundled"
	if s.fonts.Selected == lang.L(fontsSystem) {
		st.Fonts = "system"
	}
	s.u.work(lang.L("正在保存…"), func() error { return s.u.proj.SetSettings(st) }, func(err error) {
		if err != nil {
			s.u.showError(lang.L("设置未保存"), err)
			return
		}
		s.u.changed()
		s.u.inform(lang.L("设置"), lang.L("设置已保存。"))
	})
}

// backup writes a consistent copy of the project to a new file the user
// names. The form refuses the open project and every existing file;
// store.Backup writes beside the target and renames on success.
func (s *settingsScreen) backup() *newFileForm {
	base := strings.TrimSuffix(filepath.Base(s.u.proj.Store.Path()), ".db")
	name := fmt.Sprintf("%s-备份-%s.db", base, time.Now().Format("20060102-1504"))
	f := s.u.askNewFile(lang.L("备份项目"), lang.L("备份"), s.u.keepDir(), name, ".db", nil, func(out string) {
		s.u.work(lang.L("正在备份…"), func() error { return s.u.proj.Store.Backup(out) }, func(err error) {
			if err != nil {
				s.u.showError(lang.L("备份失败"), err)
				return
			}
			s.u.inform(lang.L("备份"), lang.L("已备份到：")+out)
		})
	})
	if s.u.proj.Demo {
		f.setWarning(lang.L("示例项目在临时文件夹中，关闭窗口后即删除；备份请保存到“文档”等自己的文件夹。"))
	}
	return f
}

// restore replaces the project with a backup; the current file is kept
// beside it by store.Restore.
func (s *settingsScreen) restore() {
	if s.u.proj.Demo {
		s.u.showError(lang.L("不能恢复"), errors.New(lang.L("示例项目不能从备份恢复；请打开备份文件本身，或先新建项目")))
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(lang.L("恢复失败"), err)
			return
		}
		if r == nil {
			return
		}
		from, err := pickedPath(r)
		if err != nil {
			s.u.showError(lang.L("恢复失败"), err)
			return
		}
		s.u.askConfirm(lang.L("从备份恢复"),
			fmt.Sprintf(lang.L("用备份 %s 替换当前项目？\n当前项目会另存在同一文件夹中，不会丢失。"), filepath.Base(from)), lang.L("确定"), lang.L("取消"), true,
			func(ok bool) {
				if ok {
					s.doRestore(from)
				}
			})
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.SetTitleText(lang.L("选择备份文件"))
	s.u.showFileDialog(d)
}

func (s *settingsScreen) doRestore(from string) {
	u := s.u
	db := u.proj.Store.Path()
	var kept string
	var p *Project
	u.work(lang.L("正在恢复…"), func() error {
		if err := store.CheckBackup(from); err != nil {
			return err
		}
		if err := u.proj.Close(); err != nil {
			// Replacing a file still open could lose the project: stop.
			p, _ = OpenProject(db)
			return fmt.Errorf(lang.L("无法关闭当前项目，未恢复：%w"), err)
		}
		var err error
		kept, err = store.Restore(from, db)
		p, _ = OpenProject(db) // reopen whatever is there now
		return err
	}, func(err error) {
		u.proj = nil // closed above
		if p != nil {
			u.setProject(p)
			u.ShowScreen("settings")
		} else {
			u.shell.showStart()
		}
		if err != nil {
			u.showError(lang.L("恢复失败"), err)
			return
		}
		u.inform(lang.L("恢复"), lang.L("已从备份恢复。原项目另存为 ")+kept)
	})
}
