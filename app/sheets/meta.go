package sheets

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// metaMagic is the first cell of the metadata sheet.
const metaMagic = "ecoreport-template"

// meta is what the very hidden metadata sheet of an exported workbook holds.
type meta struct {
	Version        int
	Kind           string // "template" (fill-in workbook), "feedback" or "summary"
	Project        string
	CatalogID      string
	CatalogVersion string
	OrgID          string
	OrgName        string
	ExportedAt     string // RFC 3339
	Years          []int
	// Base holds the values as exported, by row key and year, so that the
	// importer can tell a value the organisation changed from one the
	// database changed since the export.
	Base map[cellKey]string
	// Sources holds the 数据来源 of each lead row as exported, by row key,
	// so that the importer can tell a source the organisation typed from
	// the one the template showed. Workbooks exported before it was kept
	// have none.
	Sources map[string]string
}

// cellKey names one input cell independent of where it is: the row key
// ("21" or "21:condition") and the year.
type cellKey struct {
	Row  string
	Year int
}

// writeMeta adds the metadata sheet and hides it (very hidden: it does not
// appear in the list of hidden sheets of Excel or WPS).
func writeMeta(f *excelize.File, m *meta) error {
	if _, err := f.NewSheet(sheetMeta); err != nil {
		return err
	}
	years := make([]string, len(m.Years))
	for i, y := range m.Years {
		years[i] = strconv.Itoa(y)
	}
	rows := [][]any{
		{metaMagic, m.Version},
		{"kind", m.Kind},
		{"project", m.Project},
		{"catalog_id", m.CatalogID},
		{"catalog_version", m.CatalogVersion},
		{"org_id", m.OrgID},
		{"org_name", m.OrgName},
		{"exported_at", m.ExportedAt},
		{"years", strings.Join(years, ",")},
	}
	keys := make([]cellKey, 0, len(m.Base))
	for k := range m.Base {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		if c := strings.Compare(a.Row, b.Row); c != 0 {
			return c
		}
		return a.Year - b.Year
	})
	for _, k := range keys {
		rows = append(rows, []any{"base", k.Row, k.Year, m.Base[k]})
	}
	sources := make([]string, 0, len(m.Sources))
	for k := range m.Sources {
		sources = append(sources, k)
	}
	slices.Sort(sources)
	for _, k := range sources {
		rows = append(rows, []any{"source", k, m.Sources[k]})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheetMeta, cell, &r); err != nil {
			return fmt.Errorf("写入元数据：%w", err)
		}
	}
	if err := f.ProtectSheet(sheetMeta, &excelize.SheetProtectionOptions{}); err != nil {
		return err
	}
	return f.SetSheetVisible(sheetMeta, false, true)
}

// parseMeta reads the metadata from the rows of a sheet whose first cell is
// metaMagic. It is lenient: unknown keys are ignored.
func parseMeta(rows [][]string) (*meta, error) {
	if len(rows) == 0 || len(rows[0]) < 2 || rows[0][0] != metaMagic {
		return nil, fmt.Errorf("不是模板元数据")
	}
	v, err := strconv.Atoi(strings.TrimSpace(rows[0][1]))
	if err != nil || v < 1 {
		return nil, fmt.Errorf("模板版本 %q 无效", rows[0][1])
	}
	m := &meta{Version: v, Base: map[cellKey]string{}, Sources: map[string]string{}}
	for _, r := range rows[1:] {
		if len(r) < 2 {
			continue
		}
		val := r[1]
		switch r[0] {
		case "kind":
			m.Kind = val
		case "project":
			m.Project = val
		case "catalog_id":
			m.CatalogID = val
		case "catalog_version":
			m.CatalogVersion = val
		case "org_id":
			m.OrgID = val
		case "org_name":
			m.OrgName = val
		case "exported_at":
			m.ExportedAt = val
		case "years":
			for _, s := range strings.Split(val, ",") {
				if y, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
					m.Years = append(m.Years, y)
				}
			}
		case "base":
			if len(r) < 4 {
				continue
			}
			y, err := strconv.Atoi(r[2])
			if err != nil {
				continue
			}
			m.Base[cellKey{r[1], y}] = r[3]
		case "source":
			m.Sources[r[1]] = ""
			if len(r) > 2 {
				m.Sources[r[1]] = r[2]
			}
		}
	}
	return m, nil
}
