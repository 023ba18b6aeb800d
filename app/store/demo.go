package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"go.yaml.in/yaml/v3"

	"ecoreport/app/catalog"
	"ecoreport/seeds"
)

// DemoActor is the actor recorded with the demo project's sample data.
const DemoActor = "示例数据"

// demoTime is the fixed time of the demo's records, so that the demo package
// is the same byte for byte on every build.
var demoTime = time.Date(2018, 5, 31, 17, 0, 0, 0, time.FixedZone("CST", 8*3600))

// demoEvidenceTime is when the demo's evidence items were registered.
var demoEvidenceTime = time.Date(2018, 4, 25, 17, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Demo is the shape of seeds/demo.yaml.
type Demo struct {
	Sample      bool   `yaml:"sample"`
	District    string `yaml:"district"`
	City        string `yaml:"city"`
	Province    string `yaml:"province"`
	Resolutions []struct {
		Disagreement string `yaml:"disagreement"`
		Choice       string `yaml:"choice"`
		By           string `yaml:"by"`
		Reason       string `yaml:"reason"`
		At           string `yaml:"at"`
	} `yaml:"resolutions"`
	Targets []struct {
		Indicator string `yaml:"indicator"`
		Target    string `yaml:"target"`
		By        string `yaml:"by"`
		Reason    string `yaml:"reason"`
		At        string `yaml:"at"`
	} `yaml:"targets"`
	Values []struct {
		Indicator string         `yaml:"indicator"`
		Org       string         `yaml:"org"`
		Source    string         `yaml:"source"`
		Values    map[int]string `yaml:"values"`
		Condition map[int]string `yaml:"condition"`
		Notes     map[int]string `yaml:"notes"`
	} `yaml:"values"`
	Evidence []EvidenceItem `yaml:"evidence"`
}

// ParseDemo reads a demo data set.
func ParseDemo(name string, data []byte) (*Demo, error) {
	var d Demo
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("示例数据文件 %s 格式错误：%v", name, err)
	}
	return &d, nil
}

// OpenDemo creates the embedded demo project in a temporary folder; Close
// removes it. Commands run on it when no --db is given.
func OpenDemo() (*Store, error) {
	dir, err := os.MkdirTemp("", "ecoreport-demo-")
	if err != nil {
		return nil, err
	}
	s, err := CreateDemo(filepath.Join(dir, "示例项目.db"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.temp = dir
	return s, nil
}

// CreateDemo creates the demo project (示例数据) at path from the embedded
// catalog and demo data set.
func CreateDemo(path string) (*Store, error) {
	d, err := ParseDemo(seeds.DemoFile, seeds.Demo)
	if err != nil {
		return nil, err
	}
	cat, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		return nil, err
	}
	st := DefaultSettings(cat)
	st.Name += "（示例项目）"
	st.Sample = true
	if d.District != "" {
		st.District, st.City, st.Province = d.District, d.City, d.Province
	}
	st.Today = "2018-05-20"
	s, err := Create(path, seeds.Catalog, &st)
	if err != nil {
		return nil, err
	}
	if err := s.LoadDemo(d); err != nil {
		s.Close()
		os.Remove(path)
		removeSidecars(path)
		return nil, fmt.Errorf("载入示例数据：%w", err)
	}
	if err := s.LoadDemoNarratives(); err != nil {
		s.Close()
		os.Remove(path)
		removeSidecars(path)
		return nil, fmt.Errorf("载入示例文字：%w", err)
	}
	if err := s.LoadDemoConditions(); err != nil {
		s.Close()
		os.Remove(path)
		removeSidecars(path)
		return nil, fmt.Errorf("载入示例基本条件：%w", err)
	}
	return s, nil
}

// LoadDemo writes a demo data set into the project, all records at a fixed time.
func (s *Store) LoadDemo(d *Demo) error {
	saved := s.Now
	s.Now = func() time.Time { return demoTime }
	defer func() { s.Now = saved }()
	at := func(day string, fallback time.Time) func() time.Time {
		if t, err := time.ParseInLocation("2006-01-02", day, demoTime.Location()); err == nil {
			return func() time.Time { return t.Add(17 * time.Hour) }
		}
		return func() time.Time { return fallback }
	}
	for _, r := range d.Resolutions {
		s.Now = at(r.At, demoTime)
		if err := s.Resolve(r.Disagreement, r.Choice, r.By, r.Reason); err != nil {
			return err
		}
	}
	for _, t := range d.Targets {
		s.Now = at(t.At, demoTime)
		if err := s.SetTarget(t.Indicator, t.Target, t.By, t.Reason); err != nil {
			return err
		}
	}
	s.Now = func() time.Time { return demoTime }
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	st, err := s.Settings()
	if err != nil {
		return err
	}
	var checked []Checked
	for _, v := range d.Values {
		prov := Provenance{Actor: DemoActor, Origin: "demo", Org: v.Org, Source: v.Source}
		for _, field := range []struct {
			name string
			m    map[int]string
		}{{catalog.FieldValue, v.Values}, {catalog.FieldCondition, v.Condition}} {
			years := make([]int, 0, len(field.m))
			for y := range field.m {
				years = append(years, y)
			}
			sort.Ints(years)
			for _, y := range years {
				p := prov
				p.Note = v.Notes[y]
				ch, err := CheckChange(cat, st, Change{Code: v.Indicator, Year: y, Field: field.name, Raw: field.m[y], Provenance: p})
				if err != nil {
					return fmt.Errorf("%s: %w", seeds.DemoFile, err)
				}
				checked = append(checked, ch)
			}
		}
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		for _, ch := range checked {
			if err := s.InsertValue(tx, ch); err != nil {
				return err
			}
		}
		// The units handed in their evidence by the end of April (三(三)).
		s.Now = func() time.Time { return demoEvidenceTime }
		for i, e := range d.Evidence {
			e.Sort = i + 1
			e.Origin = "demo"
			if _, err := s.InsertEvidence(tx, e); err != nil {
				return fmt.Errorf("%s 第 %d 条佐证材料：%w", seeds.DemoFile, i+1, err)
			}
		}
		return nil
	})
}
