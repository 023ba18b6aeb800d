package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"ecoreport/app/catalog"
)

// Evidence classes (佐证材料分类).
const (
	ClassSummary    = "A" // 指标汇总
	ClassOriginal   = "B" // 原始文件
	ClassStatistics = "C" // 统计资料
)

// ClassLabel returns the Chinese name of an evidence class.
func ClassLabel(c string) string {
	switch c {
	case ClassSummary:
		return "指标汇总"
	case ClassOriginal:
		return "原始文件"
	case ClassStatistics:
		return "统计资料"
	}
	return c
}

// EvidenceItem is one document that proves an indicator for a year (佐证材料).
type EvidenceItem struct {
	ID         int64  `yaml:"-" json:"id"`
	Indicator  string `yaml:"indicator" json:"indicator"`
	Year       int    `yaml:"year" json:"year"` // 0: spans the assessed years
	Title      string `yaml:"title" json:"title"`
	DocNumber  string `yaml:"doc_number" json:"doc_number"`
	Issuer     string `yaml:"issuer" json:"issuer"`
	IssuedOn   string `yaml:"date" json:"date"`
	Pages      int    `yaml:"pages" json:"pages"`
	Class      string `yaml:"class" json:"class"`
	Org        string `yaml:"org" json:"org"`
	Sort       int    `yaml:"-" json:"sort"`
	FileSHA256 string `yaml:"-" json:"file_sha256,omitempty"`
	FileName   string `yaml:"-" json:"file_name,omitempty"`
	Origin     string `yaml:"-" json:"origin,omitempty"`
	CreatedAt  string `yaml:"-" json:"created_at"`
}

// InsertEvidence adds an evidence item inside a caller's transaction.
func (s *Store) InsertEvidence(tx *sql.Tx, e EvidenceItem) (int64, error) {
	if strings.TrimSpace(e.Title) == "" {
		return 0, fmt.Errorf("佐证材料名称不能为空")
	}
	if e.Class == "" {
		e.Class = ClassOriginal
	}
	if e.Class != ClassSummary && e.Class != ClassOriginal && e.Class != ClassStatistics {
		return 0, fmt.Errorf("佐证材料「%s」的分类 %q 无效，应为 A（指标汇总）、B（原始文件）或 C（统计资料）", e.Title, e.Class)
	}
	if e.Pages < 0 {
		return 0, fmt.Errorf("佐证材料「%s」的页数 %d 无效", e.Title, e.Pages)
	}
	res, err := tx.Exec(`INSERT INTO evidence_items (indicator, year, title, doc_number, issuer, issued_on, pages, class, org, sort,
		file_sha256, file_name, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Indicator, e.Year, e.Title, e.DocNumber, e.Issuer, e.IssuedOn, e.Pages, e.Class, e.Org, e.Sort,
		e.FileSHA256, e.FileName, e.Origin, s.now())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// EvidenceItems returns the evidence items that are not deleted, ordered by
// indicator, year and their order.
func (s *Store) EvidenceItems() ([]EvidenceItem, error) {
	rows, err := s.db.Query(`SELECT id, indicator, year, title, doc_number, issuer, issued_on, pages, class, org, sort,
		file_sha256, file_name, origin, created_at FROM evidence_items WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []EvidenceItem
	for rows.Next() {
		var e EvidenceItem
		if err := rows.Scan(&e.ID, &e.Indicator, &e.Year, &e.Title, &e.DocNumber, &e.Issuer, &e.IssuedOn, &e.Pages,
			&e.Class, &e.Org, &e.Sort, &e.FileSHA256, &e.FileName, &e.Origin, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortEvidence(out)
	return out, nil
}

func sortEvidence(items []EvidenceItem) { slices.SortStableFunc(items, CompareEvidence) }

// ComparePartEvidence orders the evidence items of one indicator's part of
// an evidence catalog (its sub-indicators' items with its own) as they are
// numbered there, 材料1, 2, …: by year, those spanning every year first,
// then as CompareEvidence. The evidence catalog, the technical report's
// citations and the binder all number by it.
func ComparePartEvidence(a, b EvidenceItem) int {
	if a.Year != b.Year {
		return a.Year - b.Year
	}
	return CompareEvidence(a, b)
}

// CompareEvidence orders evidence items as catalogs list them: by indicator,
// year, their order, then when they were added.
func CompareEvidence(a, b EvidenceItem) int {
	if c := catalog.CompareCodes(a.Indicator, b.Indicator); c != 0 {
		return c
	}
	if a.Year != b.Year {
		return a.Year - b.Year
	}
	if a.Sort != b.Sort {
		return a.Sort - b.Sort
	}
	return int(a.ID - b.ID)
}
