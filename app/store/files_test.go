package store_test

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ecoreport/app/store"
	"ecoreport/seeds"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestPathsWithURICharacters: "#", "?" and "%" in a project's path must
// neither cut the path short (a stray file "a") nor reach another file.
func TestPathsWithURICharacters(t *testing.T) {
	for _, name := range []string{"a#1.db", "a?x=1.db", "a%20b.db", "项目 (2018) #2?.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			s, err := store.Create(path, seeds.Catalog, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := set(s, "2", 2017, "21"); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s, err = store.Open(path); err != nil {
				t.Fatal(err)
			}
			if n := countEvents(t, s); n != 1 {
				t.Errorf("%d value events after reopening, want 1", n)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if got := names(t, dir); !slices.Equal(got, []string{name}) {
				t.Errorf("files in the folder: %q, want only %q", got, name)
			}
		})
	}
}

// TestFailedRestoreLeavesNoFiles: checking a backup that is not a project
// must not leave -wal and -shm files beside it, nor change the project.
func TestFailedRestoreLeavesNoFiles(t *testing.T) {
	s, path := newProject(t)
	dir := filepath.Dir(path)
	other := filepath.Join(dir, "别的数据库.db")
	o, err := store.Create(other, seeds.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.DB().Exec(`DELETE FROM settings WHERE key = 'project'`); err != nil {
		t.Fatal(err)
	}
	o.Close()
	s.Close()
	before := names(t, dir)
	if _, err := store.Restore(other, path); err == nil || !strings.Contains(err.Error(), "不是 ecoreport 项目备份") {
		t.Fatalf("restore from another database: %v", err)
	}
	if _, err := store.Restore(filepath.Join(dir, "没有.db"), path); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Fatalf("restore from a missing file: %v", err)
	}
	if got := names(t, dir); !slices.Equal(got, before) {
		t.Errorf("files after failed restores: %q, before %q", got, before)
	}
}

// TestReadOnlyProject: a project that cannot be written is read, assessed and
// built from without writing anything; changes are refused in Chinese.
func TestReadOnlyProject(t *testing.T) {
	s, path := newProject(t)
	if _, err := set(s, "2", 2017, "21"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	sum := func() [32]byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	dir := filepath.Dir(path)
	before, files := sum(), names(t, dir)

	open := map[string]func(string) (*store.Store, error){"OpenReadOnly": store.OpenReadOnly}
	// Permissions bind only a user other than root; as root Open simply
	// opens the file for writing.
	if os.Geteuid() != 0 {
		open["Open on a read-only file and folder"] = store.Open
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(path, 0o644) })
	}
	for name, fn := range open {
		t.Run(name, func(t *testing.T) {
			r, err := fn(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if !r.ReadOnly() {
				t.Error("not marked read-only")
			}
			vals, err := r.Values()
			if err != nil || len(vals) != 1 {
				t.Errorf("values %v, %v", vals, err)
			}
			chs, err := r.Chapters()
			if err != nil || len(chs) == 0 {
				t.Errorf("chapters: %d, %v", len(chs), err)
			}
			if _, err := r.Catalog(); err != nil {
				t.Error(err)
			}
			if _, err := set(r, "2", 2016, "22"); !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "只读") {
				t.Errorf("write to a read-only project: %v", err)
			}
		})
	}
	if sum() != before {
		t.Error("reading changed the project file")
	}
	// SQLite may leave an empty -wal and its -shm where the folder is
	// writable; nothing else may appear.
	var got []string
	for _, n := range names(t, dir) {
		if n == filepath.Base(path)+"-wal" {
			if fi, err := os.Stat(filepath.Join(dir, n)); err != nil || fi.Size() != 0 {
				t.Errorf("reading left a non-empty %s", n)
			}
			continue
		}
		if n != filepath.Base(path)+"-shm" {
			got = append(got, n)
		}
	}
	if !slices.Equal(got, files) {
		t.Errorf("files after reading: %q, before %q", got, files)
	}
}

// TestReadOnlyProjectNeedingUpgrade is refused with a message that says
// what to do.
func TestReadOnlyProjectNeedingUpgrade(t *testing.T) {
	b, err := os.ReadFile("testdata/project-v004.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "旧.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = store.OpenReadOnly(path)
	if err == nil || !strings.Contains(err.Error(), "版本 4 升级到") || !strings.Contains(err.Error(), path) {
		t.Errorf("read-only open of a version 4 project: %v", err)
	}
}
