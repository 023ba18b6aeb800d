package pkg

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"ecoreport/app/store"
)

// Build builds the package of the project into dir. Every document is
// written to its file in a temporary folder next to dir as it is made
// (nothing holds a finished document in memory), and the folder is swapped
// in at the end: on any error the previous package in dir is left as it
// was. A strict build with anything not ready returns a *NotReadyError and
// writes nothing.
//
// dir must be missing, empty, or a package folder from an earlier build
// (it has a manifest.json): a folder with other files is never replaced.
func Build(ctx context.Context, s *store.Store, dir string, o Options) (*Result, error) {
	if dir == "" {
		return nil, errors.New("请指定输出文件夹")
	}
	dir = filepath.Clean(dir)
	if err := checkTarget(dir); err != nil {
		return nil, err
	}
	b, err := newBuilder(s, o)
	if err != nil {
		return nil, err
	}
	var kept []File
	if o.Only != "" {
		d, err := findDocument(o.Only)
		if err != nil {
			return nil, err
		}
		kept = keptFiles(dir, d.File)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("创建输出文件夹 %s：%w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".building-")
	if err != nil {
		return nil, fmt.Errorf("创建临时文件夹：%w", err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := os.Chmod(tmp, 0o755); err != nil {
		cleanup()
		return nil, err
	}
	b.out = dirSink{tmp}
	res, err := b.render(ctx, o, kept)
	if err != nil {
		cleanup()
		return res, err
	}
	if err := ctx.Err(); err != nil {
		cleanup()
		return nil, err
	}
	for _, f := range res.Files {
		var err error
		switch {
		case f.Kept:
			err = keep(filepath.Join(dir, f.Name), filepath.Join(tmp, f.Name))
		case f.data != nil: // the manifest, made in memory
			err = writeFileSync(filepath.Join(tmp, f.Name), f.data)
		}
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("写入 %s：%w", f.Name, err)
		}
	}
	if err := swap(tmp, dir); err != nil {
		cleanup()
		return nil, err
	}
	res.Dir = dir
	return res, nil
}

// sink receives the documents of a package as they are made.
type sink interface {
	// put makes the file name, fill writing its content, and returns it
	// with its size and SHA-256 (and its content, for a sink in memory).
	put(name string, fill func(io.Writer) error) (File, error)
}

func (b *builder) sink() sink {
	if b.out == nil {
		return memSink{}
	}
	return b.out
}

// memSink keeps the documents in memory (Render).
type memSink struct{}

func (memSink) put(name string, fill func(io.Writer) error) (File, error) {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return File{}, err
	}
	return newFile(name, "", 0, buf.Bytes()), nil
}

// dirSink writes each document to its file in a folder as it is produced,
// hashing it on the way.
type dirSink struct{ dir string }

func (s dirSink) put(name string, fill func(io.Writer) error) (File, error) {
	f, err := os.Create(filepath.Join(s.dir, name))
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	var n countWriter
	bw := bufio.NewWriterSize(io.MultiWriter(f, h, &n), 1<<16)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, err
	}
	return File{Name: name, Bytes: int(n), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// keep puts a file of the previous package into the new one: a hard link
// where the file system allows, a copy otherwise.
func keep(from, to string) error {
	if err := os.Link(from, to); err == nil {
		return nil
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer func() { _ = src.Close() }() // read only
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		return errors.Join(err, dst.Close())
	}
	if err := dst.Sync(); err != nil {
		return errors.Join(err, dst.Close())
	}
	return dst.Close()
}

// checkTarget refuses to replace a folder that is not a package.
func checkTarget(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("输出文件夹 %s：%w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("输出位置 %s 是一个文件，不是文件夹", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("读取输出文件夹 %s：%w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestJSON)); err != nil {
		return fmt.Errorf("输出文件夹 %s 已有其他文件且不是 ecoreport 生成的材料文件夹（没有 %s），为免覆盖，请换一个空文件夹", dir, ManifestJSON)
	}
	return nil
}

// swap puts the new folder in place of dir.
func swap(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("移入输出文件夹 %s：%w", dir, err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("替换输出文件夹 %s（可能有文件正被其他程序打开）：%w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil { // put the previous package back
			return fmt.Errorf("替换输出文件夹 %s：%w；上一次生成的材料保留在 %s", dir, err, old)
		}
		return fmt.Errorf("替换输出文件夹 %s：%w", dir, err)
	}
	os.RemoveAll(old)
	return nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := f.Sync(); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}

// keptFiles returns the documents of an existing package other than the
// one being rebuilt, with the page counts its manifest recorded (hashed
// as they are read, never held in memory).
func keptFiles(dir, rebuilt string) []File {
	var prev Manifest
	if b, err := os.ReadFile(filepath.Join(dir, ManifestJSON)); err == nil {
		// A damaged manifest.json only loses the page counts it recorded.
		if err := json.Unmarshal(b, &prev); err != nil {
			prev = Manifest{}
		}
	}
	pages := map[string]int{}
	for _, f := range prev.Files {
		pages[f.Name] = f.Pages
	}
	var out []File
	for _, d := range Documents {
		if d.File == rebuilt {
			continue
		}
		f, err := os.Open(filepath.Join(dir, d.File))
		if err != nil {
			continue
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		if cerr := f.Close(); err != nil || cerr != nil {
			continue
		}
		out = append(out, File{Name: d.File, Title: d.Title, Pages: pages[d.File], Bytes: int(n), SHA256: hex.EncodeToString(h.Sum(nil)), Kept: true})
	}
	return out
}
