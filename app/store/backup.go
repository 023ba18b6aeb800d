package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ecoreport/app/oserr"

	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of the project to out (VACUUM INTO), even
// while others read or write it. It refuses to overwrite an existing file.
func (s *Store) Backup(out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("备份文件 %s 已存在，不会覆盖，请换一个文件名", out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("备份到 %s：%w", out, oserr.Explain(err))
	}
	tmp := out + ".partial"
	os.Remove(tmp)
	if _, err := s.db.Exec(`VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		if sqliteCode(err) == sqlite3.SQLITE_CANTOPEN {
			return &causedError{fmt.Sprintf("无法写备份文件 %s：文件夹不存在，或没有写入这个文件夹的权限", out), err}
		}
		return fmt.Errorf("备份到 %s：%w", out, translate(err))
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("备份到 %s：%w", out, oserr.Explain(err))
	}
	return nil
}

// CheckBackup opens a backup read-only and checks that it is a sound
// ecoreport project this program can open. It reads the file alone, as
// Restore copies it, and leaves nothing beside it (no -wal or -shm file).
func CheckBackup(path string) error {
	if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("备份文件 %s 不存在", path)
	} else if err != nil {
		return fmt.Errorf("读取备份文件：%w", oserr.Explain(err))
	} else if fi.IsDir() {
		return fmt.Errorf("%s 是文件夹，请选择备份文件", path)
	}
	if err := checkHeader(path); err != nil {
		return fmt.Errorf("%s 不是 ecoreport 项目备份", path)
	}
	db, err := sql.Open("sqlite", dsn(path, true)+"&immutable=1")
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }() // read-only: nothing to lose
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("备份文件 %s 已损坏（完整性检查：%s）", path, ok)
	}
	var v, n int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("备份文件 %s 已损坏（读不出结构版本）", path)
	}
	if v > LatestSchemaVersion() {
		return fmt.Errorf("备份文件 %s 来自更新版本的 ecoreport（结构版本 %d），请先升级程序", path, v)
	}
	if err := db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'project'`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s 不是 ecoreport 项目备份", path)
	}
	return nil
}

// Restore replaces the project database at dbPath with a backup. The current
// database is kept beside it (…before-restore-<time>.db) so that a restore
// never loses data; the backup itself is checked first. No store may have
// dbPath open while it runs.
func Restore(backup, dbPath string) (kept string, err error) {
	if err := CheckBackup(backup); err != nil {
		return "", err
	}
	if abs1, _ := filepath.Abs(backup); abs1 != "" {
		if abs2, _ := filepath.Abs(dbPath); abs1 == abs2 {
			return "", errors.New("备份文件与项目数据库是同一个文件")
		}
	}
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("恢复到 %s 失败，项目没有改变：%w", dbPath, oserr.Explain(err))
	}
	if _, err := os.Stat(dbPath); err == nil {
		// Keep the current project: a consistent copy through SQLite itself.
		cur, err := Open(dbPath)
		if err != nil {
			os.Remove(tmp)
			return "", err
		}
		kept = strings.TrimSuffix(dbPath, filepath.Ext(dbPath)) + ".before-restore-" + time.Now().Format("20060102-150405") + ".db"
		err = cur.Backup(kept)
		if err == nil {
			_, err = cur.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		}
		cur.Close()
		if err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("恢复前保存当前项目：%w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		os.Remove(tmp)
		return "", fmt.Errorf("恢复到 %s：%w", dbPath, oserr.Explain(err))
	}
	removeSidecars(dbPath)
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return kept, fmt.Errorf("恢复到 %s：%w", dbPath, oserr.Explain(err))
	}
	s, err := Open(dbPath) // brings an older backup's schema up to date
	if err != nil {
		return kept, err
	}
	return kept, s.Close()
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := f.Sync(); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}
