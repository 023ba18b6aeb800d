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
	"io"
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
	"ecoreport/app/oserr"

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

	cat *catalogCache // shared with the store's snapshots
	// snapshot is set on the store a Snapshot hands out.
	snapshot bool
	// readDSN opens the database for reading (Snapshot); readOnly is set
	// when the project could only be opened for reading.
	readDSN  string
	readOnly bool
}

// catalogCache keeps the parsed catalog file, keyed by its SHA-256: parsing
// takes milliseconds and every value change needs the catalog (BaseCatalog).
type catalogCache struct {
	mu     sync.Mutex
	parsed *catalog.Catalog
	sha    string
}

// ErrBusy is returned when another program keeps the database busy for longer
// than the busy timeout.
var ErrBusy = errors.New("数据库正被另一个程序（或另一个窗口）写入，请稍后再试")

// ErrReadOnly is returned by every change to a project that cannot be
// written: a read-only file or folder.
var ErrReadOnly = errors.New("项目数据库是只读的，无法写入（文件或所在文件夹只读）")

// ErrExists is returned by Create when the file is there already.
var ErrExists = errors.New("文件已存在")

// BusyTimeout is how long a writer waits for another writer to finish
// before it gives up with ErrBusy. It applies to stores opened afterwards.
var BusyTimeout = 5 * time.Second

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_txlock", "immediate")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes a file path for an SQLite URI: "%", "?" and "#" would
// otherwise end the path (a project "a#1.db" would be opened as "a").
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(path))
}

// Open opens an existing project database and brings its schema up to date.
// A project the program may not write (a read-only file or folder) is opened
// for reading only, as OpenReadOnly does: it can be checked and built, and
// every change is refused with ErrReadOnly.
func Open(path string) (*Store, error) {
	if err := exists(path); err != nil {
		return nil, err
	}
	s, err := open(path)
	if err != nil && (errors.Is(err, ErrReadOnly) || sqliteCode(err) == sqlite3.SQLITE_CANTOPEN) {
		return OpenReadOnly(path)
	}
	if err != nil {
		return nil, err
	}
	if err := s.checkProject(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens a project for reading only: nothing is written, not even
// the database's journal files when the folder is read-only. A project whose
// schema is older than this program's cannot be opened this way, because it
// would have to be upgraded first.
func OpenReadOnly(path string) (*Store, error) {
	if err := exists(path); err != nil {
		return nil, err
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	// A WAL database opened read-only needs its -shm file, or a folder to
	// create it in. In a read-only folder nobody can change the file
	// either, so SQLite may treat it as immutable.
	var lastErr error
	for _, d := range []string{dsn(path, true), dsn(path, true) + "&immutable=1"} {
		db, err := sql.Open("sqlite", d)
		if err != nil {
			return nil, openError(path, err)
		}
		var have int
		if err := db.QueryRow(`PRAGMA user_version`).Scan(&have); err != nil {
			_ = db.Close() // nothing was opened for writing
			lastErr = err
			continue
		}
		if latest := LatestSchemaVersion(); have != latest {
			_ = db.Close() // nothing was opened for writing
			if have > latest {
				return nil, fmt.Errorf("项目数据库 %s 的结构版本 %d 高于本程序支持的 %d，请使用新版 ecoreport 打开", path, have, latest)
			}
			return nil, fmt.Errorf("项目数据库 %s 是只读的，而它须先从结构版本 %d 升级到 %d 才能打开：请取消文件的只读属性，或把它复制到可写的文件夹后再打开", path, have, latest)
		}
		s := &Store{db: db, path: path, Now: time.Now, cat: &catalogCache{}, readDSN: d, readOnly: true}
		if err := s.checkProject(); err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	return nil, openError(path, lastErr)
}

// exists refuses a project file that is not there.
func exists(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("项目数据库 %s 不存在（新建项目请用 init）", path)
	case err != nil:
		return fmt.Errorf("打开项目数据库 %s：%w", path, oserr.Explain(err))
	case fi.IsDir():
		return fmt.Errorf("%s 是文件夹，不是项目数据库文件", path)
	}
	return nil
}

// checkProject refuses an SQLite database that is not a project.
func (s *Store) checkProject() error {
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'project'`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s 不是 ecoreport 项目数据库", s.path)
	}
	return nil
}

// ReadOnly reports whether the project was opened for reading only.
func (s *Store) ReadOnly() bool { return s.readOnly }

func open(path string) (*Store, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path, Now: time.Now, cat: &catalogCache{}, readDSN: dsn(path, true)}
	if err := s.migrate(); err != nil {
		_ = db.Close() // the migration failed and was rolled back: that error is reported
		if errors.Is(err, ErrReadOnly) || sqliteCode(err) != 0 {
			return nil, openError(path, err)
		}
		return nil, fmt.Errorf("项目数据库 %s：%w", path, err)
	}
	return s, nil
}

// sqliteCode returns the primary SQLite result code of an error, 0 if none.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// checkHeader refuses a file that is not an SQLite database before the driver
// gets to see it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a new database
		}
		return fmt.Errorf("打开项目数据库 %s：%w", path, oserr.Explain(err))
	}
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if cerr := f.Close(); cerr != nil {
		return fmt.Errorf("读取项目数据库 %s：%w", path, oserr.Explain(cerr))
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("读取项目数据库 %s：%w", path, oserr.Explain(err))
	}
	if n == 0 {
		return nil
	}
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s 不是 ecoreport 项目数据库（文件格式不对）", path)
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

// Snapshot runs fn on a read-only view of the project that sees one state of
// it: every read made through r, including other packages' reads through
// r.DB(), happens in one read transaction, so a change another connection or
// program writes meanwhile is seen entirely or not at all. r cannot write and
// must not be used after fn returns. On a snapshot, Snapshot runs fn on the
// same view.
func (s *Store) Snapshot(ctx context.Context, fn func(r *Store) error) error {
	if s.snapshot {
		return fn(s)
	}
	db, err := sql.Open("sqlite", s.readDSN)
	if err != nil {
		return s.openError(err)
	}
	defer func() { _ = db.Close() }() // read-only: nothing to lose
	// One connection, so that every query runs inside the transaction.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if _, err := db.ExecContext(ctx, `BEGIN`); err != nil {
		return s.openError(err)
	}
	// The transaction takes its snapshot at its first read.
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		return s.openError(err)
	}
	r := &Store{db: db, path: s.path, Now: s.Now, cat: s.cat, snapshot: true, readDSN: s.readDSN, readOnly: true}
	err = fn(r)
	if _, rerr := db.ExecContext(context.Background(), `ROLLBACK`); err == nil && rerr != nil {
		err = translate(rerr)
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
			return ErrReadOnly
		case sqlite3.SQLITE_FULL:
			return errors.New("磁盘已满，无法写入项目数据库")
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return errors.New("项目数据库已损坏，请从备份恢复")
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
		return fmt.Errorf("数据库结构版本 %d 高于本程序支持的 %d，请使用新版 ecoreport 打开", have, latest)
	}
	for _, m := range ms {
		if m.num <= have {
			continue
		}
		err := s.Update(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(m.sql); err != nil {
				return fmt.Errorf("升级数据库结构（%s）：%w", m.name, err)
			}
			_, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, m.num))
			return err
		})
		if err != nil {
			return err
		}
	}
	if have >= 4 && have < 7 { // chapters exist (004), the checklist does not (007)
		if err := s.refreshConditionsChapter(); err != nil {
			return fmt.Errorf("更新基本条件章节：%w", err)
		}
	}
	if have < len(ms) {
		// A created or upgraded project gets the default chapters now:
		// reading a project (Chapters) never writes.
		if _, err := s.SeedChapters(); err != nil {
			return fmt.Errorf("保存默认章节：%w", err)
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

// openError turns an error met while opening or first reading the project
// into a Chinese message that names the file.
func (s *Store) openError(err error) error { return openError(s.path, err) }

func openError(path string, err error) error {
	if errors.Is(err, ErrReadOnly) {
		return &causedError{fmt.Sprintf("项目数据库 %s 是只读的，无法写入（文件或所在文件夹只读）", path), err}
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CANTOPEN:
		return &causedError{fmt.Sprintf("无法打开项目数据库 %s：文件夹不存在，或没有读写这个文件夹的权限", path), err}
	case sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return &causedError{fmt.Sprintf("没有读取项目数据库 %s 的权限", path), err}
	case sqlite3.SQLITE_NOTADB:
		return &causedError{fmt.Sprintf("%s 不是 ecoreport 项目数据库（文件格式不对）", path), err}
	case sqlite3.SQLITE_CORRUPT:
		return &causedError{fmt.Sprintf("项目数据库 %s 已损坏，请从备份恢复", path), err}
	}
	return fmt.Errorf("项目数据库 %s：%w", path, translate(err))
}

// causedError is a Chinese message for a person that keeps the driver's
// error for errors.Is and errors.As.
type causedError struct {
	msg   string
	cause error
}

func (e *causedError) Error() string { return e.msg }
func (e *causedError) Unwrap() error { return e.cause }
