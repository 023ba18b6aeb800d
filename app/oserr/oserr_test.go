package oserr

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestExplain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "项目.db")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, statErr := os.Stat(filepath.Join(file, "x"))
	mkErr := os.MkdirAll(filepath.Join(file, "sub"), 0o755)
	_, openErr := os.Open(filepath.Join(dir, "没有.xlsx"))
	cases := []struct {
		err  error
		want string
	}{
		{statErr, "读取 " + filepath.Join(file, "x") + " 失败：路径中的某一段是文件而不是文件夹"},
		{mkErr, "创建文件夹 " + file + " 失败：路径中的某一段是文件而不是文件夹"},
		{openErr, "打开 " + filepath.Join(dir, "没有.xlsx") + " 失败：不存在"},
	}
	for _, c := range cases {
		got := Explain(c.err)
		if !strings.HasPrefix(got.Error(), c.want) {
			t.Errorf("Explain(%v) = %q, want %q", c.err, got, c.want)
		}
		if !errors.Is(got, c.err) {
			t.Errorf("Explain(%v) lost the cause", c.err)
		}
	}
	wrapped := fmt.Errorf("生成失败: 输出文件夹 %s: %w", file, statErr)
	got := Rewrite(wrapped).Error()
	if strings.Contains(got, "not a directory") || !strings.HasPrefix(got, "生成失败: 输出文件夹 ") || !strings.Contains(got, "是文件而不是文件夹") {
		t.Errorf("Rewrite = %q", got)
	}
	if !errors.Is(Rewrite(wrapped), syscall.ENOTDIR) {
		t.Error("Rewrite lost the cause")
	}
	if Explain(nil) != nil || Rewrite(nil) != nil {
		t.Error("nil")
	}
	plain := errors.New("别的错误")
	if Explain(plain) != plain || Rewrite(plain) != plain {
		t.Error("other errors must stay as they are")
	}
}
