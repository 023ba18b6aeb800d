package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"ecoreport/app/catalog"
	"ecoreport/app/oserr"

	sqlite3 "modernc.org/sqlite/lib"
)

// PassRule is the overall verdict's rule: every binding indicator met, the
// share of reference indicators met at or above ReferenceShare, and no veto
// indicator failed.
type PassRule struct {
	ReferenceShare float64  `json:"reference_share"` // 0.8 means 80%
	Vetoes         []string `json:"vetoes"`          // indicator codes; nil: the catalog's
	// Source names where the rule comes from (a document the office has
	// verified); empty: the documents say the project set the rule itself.
	Source string `json:"source,omitempty"`
}

// Settings are the project's facts and choices.
type Settings struct {
	Name            string   `json:"name"`
	District        string   `json:"district"`
	City            string   `json:"city"`
	Province        string   `json:"province"`
	AssessedYears   []int    `json:"assessed_years"`
	MonitoringYears []int    `json:"monitoring_years"`
	PassRule        PassRule `json:"pass_rule"`
	// Sample marks the demo project: every output says 示例数据.
	Sample bool `json:"sample"`
	// Today is the date the office chooses for overdue milestones
	// (YYYY-MM-DD); empty means the real date.
	Today string `json:"today,omitempty"`
	// Fonts: "bundled" or "system" (the official faces when the machine has them).
	Fonts string `json:"fonts,omitempty"`
	// Regulation names the national 管理规程 the application follows, for
	// 编制依据; empty: 国家生态文明建设示范区管理规程（试行）.
	Regulation string `json:"regulation,omitempty"`
}

// DefaultSettings returns the settings of a new project of the district.
func DefaultSettings(cat *catalog.Catalog) Settings {
	return Settings{
		Name:            "海陵区创建国家生态文明建设示范区",
		District:        "海陵区",
		City:            "泰州市",
		Province:        "江苏省",
		AssessedYears:   []int{2015, 2016, 2017},
		MonitoringYears: []int{2018, 2019, 2020},
		PassRule:        PassRule{ReferenceShare: 0.8, Vetoes: slices.Clone(cat.Vetoes)},
		Fonts:           "system",
	}
}

// Years returns the assessed and monitoring years in order.
func (st Settings) Years() []int {
	ys := append(slices.Clone(st.AssessedYears), st.MonitoringYears...)
	slices.Sort(ys)
	return slices.Compact(ys)
}

// HasYear reports whether a year belongs to the project.
func (st Settings) HasYear(y int) bool { return slices.Contains(st.Years(), y) }

// LatestAssessedYear is the year the overall verdict is given for.
func (st Settings) LatestAssessedYear() int {
	if len(st.AssessedYears) == 0 {
		return 0
	}
	return slices.Max(st.AssessedYears)
}

// Validate checks settings a person entered.
func (st Settings) Validate() error {
	if st.District == "" {
		return errors.New("区县名称不能为空")
	}
	if len(st.AssessedYears) == 0 {
		return errors.New("考核年度不能为空")
	}
	for _, y := range st.Years() {
		if y < 2000 || y > 2100 {
			return fmt.Errorf("年度 %d 无效，应在 2000 到 2100 之间", y)
		}
	}
	if st.PassRule.ReferenceShare < 0 || st.PassRule.ReferenceShare > 1 {
		return fmt.Errorf("参考性指标达标比例 %.0f%% 无效，应在 0%% 到 100%% 之间", st.PassRule.ReferenceShare*100)
	}
	return nil
}

// Create makes a new project database at path from a catalog file (YAML).
// It refuses to overwrite an existing file.
func Create(path string, catalogYAML []byte, st *Settings) (*Store, error) {
	cat, err := catalog.Parse("指标体系", catalogYAML)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s：%w，新建项目不会覆盖已有文件", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("新建项目 %s：%w", path, oserr.Explain(err))
	}
	settings := DefaultSettings(cat)
	if st != nil {
		settings = *st
	}
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	tmp := path + ".creating"
	os.Remove(tmp)
	s, err := open(tmp)
	if err != nil {
		os.Remove(tmp)
		removeSidecars(tmp)
		if sqliteCode(err) == sqlite3.SQLITE_CANTOPEN {
			return nil, &causedError{fmt.Sprintf("无法新建项目 %s：所在的文件夹不存在，或没有写入这个文件夹的权限", path), err}
		}
		return nil, err
	}
	err = s.Update(context.Background(), func(tx *sql.Tx) error {
		if err := putSettings(tx, settings); err != nil {
			return err
		}
		return seedCatalog(tx, cat, catalogYAML, s.now())
	})
	if err == nil {
		_, err = s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	removeSidecars(tmp)
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("新建项目 %s：%w", path, oserr.Explain(err))
	}
	return Open(path)
}

func removeSidecars(path string) {
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

// seedCatalog stores the catalog file and fills organisations, group members,
// assignments and milestones from it.
func seedCatalog(tx *sql.Tx, cat *catalog.Catalog, yaml []byte, at string) error {
	sum := sha256.Sum256(yaml)
	res, err := tx.Exec(`INSERT INTO catalogs (catalog_id, version, yaml, sha256, added_at) VALUES (?, ?, ?, ?, ?)`,
		cat.ID, cat.Version, yaml, hex.EncodeToString(sum[:]), at)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := putJSON(tx, "catalog", id); err != nil {
		return err
	}
	for i, o := range cat.Organisations {
		aliases, _ := json.Marshal(nonNil(o.Aliases))
		if _, err := tx.Exec(`INSERT INTO organisations (id, name, kind, aliases, sort) VALUES (?, ?, ?, ?, ?)`,
			o.ID, o.Name, o.Kind, string(aliases), i+1); err != nil {
			return fmt.Errorf("单位 %s：%w", o.Name, err)
		}
	}
	for _, o := range cat.Organisations {
		for _, m := range o.Members {
			if _, err := tx.Exec(`INSERT INTO group_members (group_id, org_id) VALUES (?, ?)`, o.ID, m); err != nil {
				return err
			}
		}
	}
	for _, ind := range cat.Indicators {
		if err := putAssignments(tx, ind.Code, ind.Lead, ind.Support); err != nil {
			return err
		}
	}
	for _, m := range cat.Plan.Milestones {
		who, _ := json.Marshal(nonNil(m.Who))
		if _, err := tx.Exec(`INSERT INTO milestones (id, due, due_text, who, what, place) VALUES (?, ?, ?, ?, ?, ?)`,
			m.ID, m.Due, m.DueText, string(who), m.What, m.Where); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func putAssignments(tx *sql.Tx, code string, lead, support []string) error {
	if _, err := tx.Exec(`DELETE FROM assignments WHERE indicator = ?`, code); err != nil {
		return err
	}
	for role, ids := range map[string][]string{"lead": lead, "support": support} {
		for i, id := range ids {
			if _, err := tx.Exec(`INSERT INTO assignments (indicator, org_id, role, sort) VALUES (?, ?, ?, ?)`, code, id, role, i); err != nil {
				return fmt.Errorf("指标 %s 的%s %q：%w", code, map[string]string{"lead": "牵头单位", "support": "配合单位"}[role], id, err)
			}
		}
	}
	return nil
}

func putJSON(tx *sql.Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(b))
	return err
}

func putSettings(tx *sql.Tx, st Settings) error { return putJSON(tx, "project", st) }

// Settings returns the project's settings.
func (s *Store) Settings() (Settings, error) {
	var raw string
	var st Settings
	if err := s.db.QueryRow(`SELECT value FROM settings WHERE key = 'project'`).Scan(&raw); err != nil {
		return st, translate(err)
	}
	err := json.Unmarshal([]byte(raw), &st)
	return st, err
}

// SetSettings changes the project's settings after checking them.
func (s *Store) SetSettings(st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error { return putSettings(tx, st) })
}

// CatalogInfo describes the catalog file a project uses.
type CatalogInfo struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	AddedAt string `json:"added_at"`
}

// BaseCatalog returns the catalog file the project uses, as the file says it,
// without the office's resolutions, targets and assignments.
func (s *Store) BaseCatalog() (*catalog.Catalog, CatalogInfo, error) {
	var info CatalogInfo
	err := s.db.QueryRow(`SELECT c.catalog_id, c.version, c.sha256, c.added_at FROM catalogs c
		WHERE c.id = (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'catalog')`).
		Scan(&info.ID, &info.Version, &info.SHA256, &info.AddedAt)
	if err != nil {
		return nil, info, fmt.Errorf("读取项目的指标体系：%w", translate(err))
	}
	// Parsing the file takes milliseconds and every value change needs the
	// catalog: keep the parsed file, keyed by its SHA-256, and hand out copies.
	c := s.cat
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parsed == nil || c.sha != info.SHA256 {
		var raw []byte
		if err := s.db.QueryRow(`SELECT yaml FROM catalogs WHERE sha256 = ? ORDER BY id DESC LIMIT 1`, info.SHA256).Scan(&raw); err != nil {
			return nil, info, fmt.Errorf("读取项目的指标体系：%w", translate(err))
		}
		cat, err := catalog.Parse("项目中的指标体系", raw)
		if err != nil {
			return nil, info, err
		}
		c.parsed, c.sha = cat, info.SHA256
	}
	return c.parsed.Clone(), info, nil
}

// Catalog returns the catalog as the project uses it: the file with the
// office's resolutions applied, the targets it entered, and the organisations
// and assignments as the project keeps them.
func (s *Store) Catalog() (*catalog.Catalog, error) {
	base, _, err := s.BaseCatalog()
	if err != nil {
		return nil, err
	}
	res, err := s.Resolutions()
	if err != nil {
		return nil, err
	}
	choices := map[string]string{}
	for id, r := range res {
		choices[id] = r.Choice
	}
	cat, err := base.Effective(choices)
	if err != nil {
		return nil, err
	}
	if err := s.overlayOrganisations(cat); err != nil {
		return nil, err
	}
	targets, err := s.Targets()
	if err != nil {
		return nil, err
	}
	for code, t := range targets {
		if ind, ok := cat.Indicator(code); ok {
			tt := t.Target
			ind.Target = &tt
		}
	}
	return cat, nil
}

// overlayOrganisations replaces the catalog's organisations, group members and
// assignments with the project's own.
func (s *Store) overlayOrganisations(cat *catalog.Catalog) error {
	orgs, err := s.Organisations()
	if err != nil {
		return err
	}
	cat.Organisations = orgs
	rows, err := s.db.Query(`SELECT indicator, org_id, role FROM assignments ORDER BY indicator, role, sort`)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	lead := map[string][]string{}
	support := map[string][]string{}
	for rows.Next() {
		var code, org, role string
		if err := rows.Scan(&code, &org, &role); err != nil {
			return err
		}
		if role == "lead" {
			lead[code] = append(lead[code], org)
		} else {
			support[code] = append(support[code], org)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		ind.Lead, ind.Support = lead[ind.Code], support[ind.Code]
		for j := range ind.Subs {
			ind.Subs[j].Lead, ind.Subs[j].Support = ind.Lead, ind.Support
		}
	}
	return nil
}

// Organisations returns the project's organisations in their order, groups
// with their members.
func (s *Store) Organisations() ([]catalog.Organisation, error) {
	rows, err := s.db.Query(`SELECT id, name, kind, aliases FROM organisations WHERE active = 1 ORDER BY sort, id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []catalog.Organisation
	for rows.Next() {
		var o catalog.Organisation
		var aliases string
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &aliases); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &o.Aliases); err != nil {
			return nil, fmt.Errorf("单位「%s」的别名记录损坏：%w", o.Name, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := s.db.Query(`SELECT g.group_id, g.org_id FROM group_members g JOIN organisations o ON o.id = g.org_id ORDER BY g.group_id, o.sort`)
	if err != nil {
		return nil, translate(err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var g, m string
		if err := mrows.Scan(&g, &m); err != nil {
			return nil, err
		}
		for i := range out {
			if out[i].ID == g {
				out[i].Members = append(out[i].Members, m)
			}
		}
	}
	return out, mrows.Err()
}

// AddOrganisation registers a new organisation, optionally as a member of a
// group (e.g. a street or a park joining 各镇街、园区).
func (s *Store) AddOrganisation(o catalog.Organisation, group string) error {
	if o.ID == "" || o.Name == "" {
		return errors.New("单位的标识和名称不能为空")
	}
	if o.Kind == "" {
		o.Kind = catalog.KindDepartment
	}
	aliases, _ := json.Marshal(nonNil(o.Aliases))
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM organisations WHERE id = ? OR name = ?`, o.ID, o.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("单位「%s」（%s）已存在", o.Name, o.ID)
		}
		if _, err := tx.Exec(`INSERT INTO organisations (id, name, kind, aliases, sort) VALUES (?, ?, ?, ?, (SELECT coalesce(max(sort), 0) + 1 FROM organisations))`,
			o.ID, o.Name, o.Kind, string(aliases)); err != nil {
			return err
		}
		if group != "" {
			if _, err := tx.Exec(`INSERT INTO group_members (group_id, org_id) VALUES (?, ?)`, group, o.ID); err != nil {
				return fmt.Errorf("加入单位组 %s：%w", group, err)
			}
		}
		return nil
	})
}

// SetAssignments changes the lead and supporting organisations of an indicator.
func (s *Store) SetAssignments(code string, lead, support []string) error {
	if len(lead) == 0 {
		return fmt.Errorf("指标 %s 至少要有一个牵头单位", code)
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error { return putAssignments(tx, code, lead, support) })
}
