package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

func newProject(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "项目.db")
	s, err := store.Create(path, seeds.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func countEvents(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM value_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func set(s *store.Store, code string, year int, raw string) (store.Checked, error) {
	return s.SetValue(context.Background(), store.Change{Code: code, Year: year, Raw: raw,
		Provenance: store.Provenance{Actor: "测试", Origin: "cli"}})
}

func TestCreateMigratesEmptyDatabase(t *testing.T) {
	s, path := newProject(t)
	v, err := s.SchemaVersion()
	if err != nil || v != store.LatestSchemaVersion() || v < 1 {
		t.Fatalf("schema version %d (err %v), want %d", v, err, store.LatestSchemaVersion())
	}
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(st.AssessedYears) != "[2015 2016 2017]" || fmt.Sprint(st.MonitoringYears) != "[2018 2019 2020]" {
		t.Errorf("years %v %v", st.AssessedYears, st.MonitoringYears)
	}
	if st.PassRule.ReferenceShare != 0.8 {
		t.Errorf("pass rule %v", st.PassRule)
	}
	cat, err := s.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Indicators) != 37 {
		t.Errorf("%d indicators", len(cat.Indicators))
	}
	base, _, _ := s.BaseCatalog()
	if len(cat.Organisations) != len(base.Organisations) {
		t.Errorf("organisations %d, catalog has %d", len(cat.Organisations), len(base.Organisations))
	}
	for _, ind := range base.Indicators {
		got, _ := cat.Indicator(ind.Code)
		if fmt.Sprint(got.Lead) != fmt.Sprint(ind.Lead) || fmt.Sprint(got.Support) != fmt.Sprint(ind.Support) {
			t.Errorf("indicator %s: assignments %v/%v, catalog %v/%v", ind.Code, got.Lead, got.Support, ind.Lead, ind.Support)
		}
	}
	var fk int
	s.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	var mode string
	s.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if fk != 1 || mode != "wal" {
		t.Errorf("foreign_keys=%d journal_mode=%s", fk, mode)
	}
	// Opening again applies nothing new and keeps the data.
	s.Close()
	s2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v2, _ := s2.SchemaVersion(); v2 != v {
		t.Errorf("reopened schema version %d", v2)
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	_, path := newProject(t)
	if _, err := store.Create(path, seeds.Catalog, nil); !errors.Is(err, store.ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "x.db")
	os.WriteFile(notDB, []byte("这不是数据库,只是一段文字,长度超过十六个字节"), 0o644)
	if _, err := store.Open(notDB); err == nil || !strings.Contains(err.Error(), "不是 ecoreport 项目数据库") {
		t.Errorf("text file: %v", err)
	}
	if _, err := store.Open(filepath.Join(dir, "missing.db")); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("missing file: %v", err)
	}
	// A database from a newer program.
	_, path := newProject(t)
	db, _ := sql.Open("sqlite", path)
	db.Exec(`PRAGMA user_version = 999`)
	db.Close()
	if _, err := store.Open(path); err == nil || !strings.Contains(err.Error(), "高于本程序支持") {
		t.Errorf("newer schema: %v", err)
	}
	// A malformed catalog never makes a project.
	if _, err := store.Create(filepath.Join(dir, "bad.db"), []byte("id: [unclosed"), nil); err == nil || !strings.Contains(err.Error(), "格式错误") {
		t.Errorf("bad catalog: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.db")); err == nil {
		t.Error("a failed create left a file")
	}
}

func TestValueHistory(t *testing.T) {
	s, _ := newProject(t)
	tick := time.Date(2018, 4, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { tick = tick.Add(time.Hour); return tick }
	steps := []struct{ raw, want string }{{"65.2", "65.2"}, {"９５％", "95"}, {"95", "95"}, {"", ""}, {"80", "80"}}
	for _, st := range steps {
		if _, err := set(s, "36", 2017, st.raw); err != nil {
			t.Fatalf("set %q: %v", st.raw, err)
		}
	}
	hs, err := s.History("36", 2017)
	if err != nil {
		t.Fatal(err)
	}
	// "95" again is no change; the others are kept, each with the value it replaced.
	want := [][2]string{{"", "65.2"}, {"65.2", "95"}, {"95", ""}, {"", "80"}}
	if len(hs) != len(want) {
		t.Fatalf("history has %d entries, want %d: %+v", len(hs), len(want), hs)
	}
	for i, w := range want {
		if hs[i].Old != w[0] || hs[i].Value != w[1] || hs[i].Actor != "测试" {
			t.Errorf("entry %d: %q → %q by %s, want %q → %q", i, hs[i].Old, hs[i].Value, hs[i].Actor, w[0], w[1])
		}
	}
	vals, _ := s.Values()
	if v, ok := vals.Get("36", 2017); !ok || v.Num != 80 {
		t.Errorf("current value %v %v", v, ok)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	s, _ := newProject(t)
	before := countEvents(t, s)
	cases := []struct {
		code  string
		year  int
		raw   string
		field string
		want  string
	}{
		{"99", 2017, "5", "", "指标 \"99\" 不存在"},
		{"9", 2017, "5", "", "有子指标"},
		{"2", 2030, "21", "", "年度 2030 不在本项目中"},
		{"2", 2017, "二十", "", "不是数字"},
		{"36", 2017, "130", "", "超出有效范围"},
		{"23", 2017, "-5", "", "超出有效范围"},
		{"1", 2017, "已完成", "", "应为「制定实施」或「未制定实施」"},
		{"2", 2017, "是", "condition", "没有附加条件"},
		{"21", 2017, "也许", "condition", "应为「是」或「否」"},
	}
	for _, c := range cases {
		_, err := s.SetValue(context.Background(), store.Change{Code: c.code, Year: c.year, Raw: c.raw, Field: c.field,
			Provenance: store.Provenance{Actor: "测试", Origin: "cli"}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s/%d %q: err = %v, want %q", c.code, c.year, c.raw, err, c.want)
		}
	}
	if after := countEvents(t, s); after != before {
		t.Errorf("bad input wrote %d events", after-before)
	}
}

func TestResolveChangesAssignmentsAndKeepsHistory(t *testing.T) {
	s, _ := newProject(t)
	if err := s.Resolve("1.lead", "annex1", "创建办", "以任务分解书为准"); err != nil {
		t.Fatal(err)
	}
	cat, _ := s.Catalog()
	ind, _ := cat.Indicator("1")
	if cat.OrgNames(ind.Lead) != "区政府办" {
		t.Errorf("lead after resolving = %s", cat.OrgNames(ind.Lead))
	}
	res, _ := s.Resolutions()
	if r := res["1.lead"]; r.Choice != "annex1" || r.Actor != "创建办" {
		t.Errorf("resolution %+v", r)
	}
	// Reopen: back to the provisional side; both decisions stay in the table.
	if err := s.Resolve("1.lead", "", "创建办", "重新讨论"); err != nil {
		t.Fatal(err)
	}
	cat, _ = s.Catalog()
	ind, _ = cat.Indicator("1")
	if cat.OrgNames(ind.Lead) != "海陵环保局" {
		t.Errorf("lead after reopening = %s", cat.OrgNames(ind.Lead))
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM resolutions`).Scan(&n)
	if n != 2 {
		t.Errorf("%d resolution rows, want 2", n)
	}
	for _, bad := range [][2]string{{"nope", "annex1"}, {"1.lead", "annex9"}} {
		if err := s.Resolve(bad[0], bad[1], "创建办", "x"); err == nil {
			t.Errorf("resolve %v accepted", bad)
		}
	}
}

func TestProvinceTarget(t *testing.T) {
	s, _ := newProject(t)
	cat, _ := s.Catalog()
	ind, _ := cat.Indicator("10.1")
	if ind.Target.Kind() != catalog.Pending {
		t.Fatalf("10.1 target kind %v", ind.Target.Kind())
	}
	if err := s.SetTarget("10.1", ">=5", "创建办", "省厅通知"); err != nil {
		t.Fatal(err)
	}
	cat, _ = s.Catalog()
	ind, _ = cat.Indicator("10.1")
	if ind.Target.Kind() != catalog.Numeric || ind.Target.Format("%") != "≥5%" {
		t.Errorf("target after setting: %q", ind.Target.Format("%"))
	}
	if err := s.SetTarget("10.1", "很多", "创建办", ""); err == nil {
		t.Error("a non-numeric target was accepted")
	}
	if err := s.SetTarget("10.1", "", "创建办", "撤销"); err != nil {
		t.Fatal(err)
	}
	cat, _ = s.Catalog()
	ind, _ = cat.Indicator("10.1")
	if ind.Target.Kind() != catalog.Pending {
		t.Errorf("target not reverted")
	}
}

func TestBackupRestore(t *testing.T) {
	s, path := newProject(t)
	set(s, "2", 2017, "23")
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(backup); err == nil {
		t.Error("backup overwrote an existing file")
	}
	set(s, "2", 2017, "25")
	set(s, "12", 2016, "19")
	s.Close()

	kept, err := store.Restore(backup, path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	vals, _ := r.Values()
	if v, _ := vals.Get("2", 2017); v.Num != 23 {
		t.Errorf("restored value %v, want 23", v.Num)
	}
	if _, ok := vals.Get("12", 2016); ok {
		t.Error("value written after the backup survived the restore")
	}
	// The project as it was before the restore is kept.
	k, err := store.Open(kept)
	if err != nil {
		t.Fatalf("kept copy %s: %v", kept, err)
	}
	defer k.Close()
	kv, _ := k.Values()
	if v, _ := kv.Get("2", 2017); v.Num != 25 {
		t.Errorf("kept copy value %v, want 25", v.Num)
	}
	// A broken backup changes nothing.
	junk := filepath.Join(t.TempDir(), "坏.db")
	os.WriteFile(junk, []byte("SQLite format 3\x00 but truncated"), 0o644)
	if _, err := store.Restore(junk, path); err == nil {
		t.Error("restored from a broken file")
	}
}

func TestConcurrentWriters(t *testing.T) {
	_, path := newProject(t)
	const writers, each = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s, err := store.Open(path) // a separate handle, as a second program would have
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for i := 0; i < each; i++ {
				if _, err := set(s, "36", 2015+w%3, fmt.Sprint(50+w*10+i%10)); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s, _ := store.Open(path)
	defer s.Close()
	var ok string
	s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	if ok != "ok" {
		t.Errorf("integrity_check: %s", ok)
	}
}

func TestBusyWriterGetsClearMessage(t *testing.T) {
	old := store.BusyTimeout
	store.BusyTimeout = 200 * time.Millisecond
	defer func() { store.BusyTimeout = old }()
	s, path := newProject(t)
	other, _ := store.Open(path)
	defer other.Close()
	release := make(chan struct{})
	held := make(chan struct{})
	go other.Update(context.Background(), func(tx *sql.Tx) error {
		tx.Exec(`INSERT INTO settings (key, value) VALUES ('lock', '1')`)
		close(held)
		<-release
		return errors.New("rollback")
	})
	<-held
	_, err := set(s, "2", 2017, "21")
	close(release)
	if !errors.Is(err, store.ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if !strings.Contains(err.Error(), "另一个程序") {
		t.Errorf("message %q is not the Chinese one", err)
	}
}

// TestKilledWriter kills a second process in the middle of a transaction and
// checks that the database is as it was before.
func TestKilledWriter(t *testing.T) {
	if p := os.Getenv("ECOREPORT_KILLED_WRITER"); p != "" {
		killedWriter(p)
		return
	}
	s, path := newProject(t)
	set(s, "2", 2017, "21")
	before := countEvents(t, s)
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), "ECOREPORT_KILLED_WRITER="+path)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	ready := false
	for sc.Scan() {
		if sc.Text() == "in-transaction" {
			ready = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !ready {
		t.Fatal("the writer never reached its transaction")
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := countEvents(t, s); after != before {
		t.Errorf("value events %d after the kill, want %d", after, before)
	}
	vals, _ := s.Values()
	if v, _ := vals.Get("2", 2017); v.Num != 21 {
		t.Errorf("value %v, want 21", v.Num)
	}
	var ok string
	s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	if ok != "ok" {
		t.Errorf("integrity_check: %s", ok)
	}
}

func killedWriter(path string) {
	s, err := store.Open(path)
	if err != nil {
		os.Exit(3)
	}
	s.Update(context.Background(), func(tx *sql.Tx) error {
		for i := 0; i < 500; i++ {
			tx.Exec(`INSERT INTO value_events (indicator, year, raw, num, actor, origin, at) VALUES ('2', 2017, '99', 99, 'x', 'cli', 'now')`)
		}
		fmt.Println("in-transaction")
		time.Sleep(time.Minute)
		return nil
	})
	os.Exit(0)
}

func TestDemoProject(t *testing.T) {
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Settings()
	if !st.Sample {
		t.Error("demo project not marked as sample data")
	}
	vals, _ := s.Values()
	if len(vals) < 80 {
		t.Errorf("demo has only %d values", len(vals))
	}
	items, _ := s.EvidenceItems()
	if len(items) == 0 {
		t.Error("demo has no evidence items")
	}
	hs, _ := s.History("2", 2017)
	if len(hs) != 1 || hs[0].Actor != store.DemoActor || hs[0].Origin != "demo" {
		t.Errorf("demo provenance %+v", hs)
	}
}
