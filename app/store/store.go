// Package store keeps a project in a local SQLite database: its settings, the
// catalog in use, organisations and their assignments, values with their full
// history, resolutions of the plan's disagreements, evidence items and
// milestones. Writes are immediate transactions; history tables are
// insert-only, so nothing is ever overwritten.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"ecoreport/app/catalog"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open project database.
type Store struct {
	db   *sql.DB
	path string
	// Now gives the time recorded with every change; tests and the demo
	// loader fix it so that results are reproducible.
	Now func() time.Time
	// temp is removed on Close (the embedded demo project).
	temp string

	catMu    sync.Mutex
	catCache *catalog.Catalog // the parsed catalog file, see BaseCatalog
	catSHA   string
}

// ErrBusy is returned when another program keeps the database busy for longer
// than the busy timeout.
var ErrBusy = errors.New("数据库正被另一个程序(或另一个窗口)写入,请稍后再试")

// ErrExists is returned by Create when the file is there already.
var ErrExists = errors.New("文件已存在")

// BusyTimeout is how long a writer waits for another writer to finish
// before it gives up with ErrBusy. It applies to stores opened afterwards.
var BusyTimeout = 5 * time.Second

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens an existing project database and brings its schema up to date.
func Open(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("项目数据库 %s 不存在(新建项目请用 init)", path)
		}
		return nil, fmt.Errorf("打开项目数据库 %s: %w", path, err)
	}
	s, err := open(path)
	if err != nil {
		return nil, err
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'project'`).Scan(&n); err != nil || n == 0 {
		s.Close()
		return nil, fmt.Errorf("%s 不是 ecoreport 项目数据库", path)
	}
	return s, nil
}

func open(path string) (*Store, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("打开项目数据库 %s: %w", path, err)
	}
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("项目数据库 %s: %w", path, err)
	}
	return s, nil
}

// checkHeader refuses a file that is not an SQLite database before the driver
// gets to see it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a new database
		}
		return fmt.Errorf("打开项目数据库 %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil
	}
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s 不是 ecoreport 项目数据库(文件格式不对)", path)
	}
	return nil
}

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// DB gives packages that build on the store (spreadsheets, evidence,
// reports) access to the database for their own tables.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database; the embedded demo project's file is removed.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.temp != "" {
		os.RemoveAll(s.temp)
	}
	return err
}

func (s *Store) now() string { return s.Now().Format(time.RFC3339) }

// Update runs fn in one immediate write transaction: all of it is written, or
// nothing. A database kept busy by another writer gives ErrBusy.
func (s *Store) Update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return translate(err)
	}
	if err := tx.Commit(); err != nil {
		return translate(err)
	}
	return nil
}

// translate turns driver errors a person may meet into Chinese ones.
func translate(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return ErrBusy
		case sqlite3.SQLITE_READONLY:
			return errors.New("项目数据库是只读的,无法写入")
		case sqlite3.SQLITE_FULL:
			return errors.New("磁盘已满,无法写入项目数据库")
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return errors.New("项目数据库已损坏,请从备份恢复")
		}
	}
	return err
}

// migrate applies the numbered migrations a database has not had yet, each in
// its own transaction together with its PRAGMA user_version.
func (s *Store) migrate() error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var have int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&have); err != nil {
		return translate(err)
	}
	if latest := ms[len(ms)-1].num; have > latest {
		return fmt.Errorf("数据库结构版本 %d 高于本程序支持的 %d,请使用新版 ecoreport 打开", have, latest)
	}
	for _, m := range ms {
		if m.num <= have {
			continue
		}
		err := s.Update(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(m.sql); err != nil {
				return fmt.Errorf("升级数据库结构(%s): %w", m.name, err)
			}
			_, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, m.num))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type migration struct {
	num  int
	name string
	sql  string
}

// migrations returns the embedded migrations in order; their file names start
// with their number: 001_foundation.sql, 002_….sql. Numbers increase strictly;
// a number reserved for work not merged yet may be missing (PRAGMA
// user_version holds the number of the last migration applied).
func migrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out []migration
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || (len(out) > 0 && n <= out[len(out)-1].num) {
			return nil, fmt.Errorf("迁移文件 %s 的编号无效或重复", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{num: n, name: e.Name(), sql: string(b)})
	}
	return out, nil
}

// SchemaVersion returns the database's PRAGMA user_version.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v)
	return v, err
}

// LatestSchemaVersion is the schema version this program writes.
func LatestSchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].num
}
