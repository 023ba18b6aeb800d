package gui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// newProjectForm (新建项目) asks for the new project's file and its facts:
// name, district, assessed and monitoring years, catalog and 今天, with
// defaults from the catalog.
type newProjectForm struct {
	*newFileForm
	u                    *UI
	name, district       *textEntry
	assessed, monitoring *textEntry
	today                *textEntry
	catalogSel           *widget.Select

	catalogYAML []byte
	cat         *catalog.Catalog
}

// catalogOther is the catalog choice that reads a YAML file.
const catalogOther = "其他指标体系文件…"

func (u *UI) newProjectForm() *newProjectForm {
	f := &newProjectForm{u: u}
	f.name, f.district = newEntry(), newEntry()
	f.assessed, f.monitoring = newEntry(), newEntry()
	f.assessed.SetPlaceHolder("2015、2016、2017")
	f.monitoring.SetPlaceHolder("2018、2019、2020")
	f.today = newEntry()
	f.today.SetPlaceHolder(lang.L("如 2018-05-10；留空为实际日期"))
	f.catalogSel = newSelect(nil, nil)
	if err := f.useCatalog(seedCatalog()); err != nil {
		u.showError(lang.L("无法新建项目"), err)
		return nil
	}
	extra := []*widget.FormItem{
		widget.NewFormItem(lang.L("项目名称"), f.name),
		widget.NewFormItem(lang.L("区县"), f.district),
		widget.NewFormItem(lang.L("考核年度"), f.assessed),
		widget.NewFormItem(lang.L("监测年度"), f.monitoring),
		widget.NewFormItem(lang.L("指标体系"), f.catalogSel),
		widget.NewFormItem(lang.L("今天（用于时间节点）"), f.today),
	}
	f.newFileForm = u.askNewFile(lang.L("新建项目"), lang.L("新建"), documentsDir(), lang.L("创建项目")+".db", ".db", extra, f.create)
	f.check = func(string) error { _, err := f.settings(); return err }
	return f
}

// useCatalog makes a catalog file the new project's and fills the defaults
// it implies.
func (f *newProjectForm) useCatalog(yaml []byte) error {
	cat, err := catalog.Parse(lang.L("指标体系"), yaml)
	if err != nil {
		return err
	}
	f.catalogYAML, f.cat = yaml, cat
	label := cat.Name
	if cat.Version != "" {
		label += "（" + lang.L("版本") + " " + cat.Version + "）"
	}
	f.catalogSel.SetOptions([]string{label, lang.L(catalogOther)})
	f.catalogSel.OnChanged, f.catalogSel.Selected = nil, label
	f.catalogSel.Refresh()
	f.catalogSel.OnChanged = func(s string) {
		if s == lang.L(catalogOther) {
			f.chooseCatalogFile()
		}
	}
	st := store.DefaultSettings(cat)
	f.name.SetText(st.Name)
	f.district.SetText(st.District)
	f.assessed.SetText(yearsString(st.AssessedYears))
	f.monitoring.SetText(yearsString(st.MonitoringYears))
	f.today.SetText(cat.Plan.Date)
	return nil
}

// chooseCatalogFile reads another catalog (YAML) for the new project.
func (f *newProjectForm) chooseCatalogFile() {
	keep := f.catalogYAML
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err == nil && r != nil {
			var b []byte
			b, err = io.ReadAll(io.LimitReader(r, catalog.MaxFileSize+1))
			if cerr := r.Close(); err == nil && cerr != nil {
				err = fmt.Errorf(lang.L("无法读取指标体系文件 %s：%w"), r.URI().Path(), cerr)
			}
			if err == nil {
				err = f.useCatalog(b)
			}
		}
		if err != nil {
			f.u.showError(lang.L("无法使用该指标体系文件"), err)
		}
		if err != nil || r == nil {
			_ = f.useCatalog(keep)
		}
	}, f.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".yaml", ".yml"}))
	d.SetTitleText(lang.L("选择指标体系文件"))
	f.u.showFileDialog(d)
}

// settings reads the form; an error names the field.
func (f *newProjectForm) settings() (store.Settings, error) {
	st := store.DefaultSettings(f.cat)
	st.Name = strings.TrimSpace(f.name.Text)
	st.District = strings.TrimSpace(f.district.Text)
	if st.Name == "" {
		return st, errors.New(lang.L("请填写项目名称"))
	}
	var err error
	if st.AssessedYears, err = parseYears(f.assessed.Text); err != nil {
		return st, fmt.Errorf(lang.L("考核年度：%w"), err)
	}
	if st.MonitoringYears, err = parseYears(f.monitoring.Text); err != nil {
		return st, fmt.Errorf(lang.L("监测年度：%w"), err)
	}
	st.Today = strings.TrimSpace(f.today.Text)
	if st.Today != "" {
		if _, err := time.Parse("2006-01-02", st.Today); err != nil {
			return st, fmt.Errorf(lang.L("今天「%s」应写成 2018-05-10 的形式"), st.Today)
		}
	}
	if st.District != defaultDistrict(f.cat) {
		// Only the district's own name is the catalog's default; the city
		// and province of another district are unknown.
		st.City, st.Province = "", ""
	}
	return st, st.Validate()
}

// defaultDistrict is the district of a new project made from cat.
func defaultDistrict(cat *catalog.Catalog) string { return store.DefaultSettings(cat).District }

// create makes the project (the form checked that path does not exist).
func (f *newProjectForm) create(path string) {
	st, err := f.settings()
	if err != nil {
		f.u.showError(lang.L("无法新建项目"), err)
		return
	}
	f.u.createProject(path, f.catalogYAML, &st)
}
