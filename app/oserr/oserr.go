// Package oserr says in Chinese what went wrong with a file or folder: the
// operating system's errors ("mkdir out: not a directory", "stat x: permission
// denied") become messages a person can act on ("创建文件夹 out 失败:路径中的
// 某一段是文件而不是文件夹"), naming the path.
package oserr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// ops names the operations of fs.PathError and os.LinkError in Chinese.
var ops = map[string]string{
	"open": "打开", "stat": "读取", "lstat": "读取", "mkdir": "创建文件夹", "rename": "改名",
	"remove": "删除", "read": "读取", "write": "写入", "close": "写入", "chmod": "设置权限",
	"readdir": "读取文件夹", "openat": "打开", "createtemp": "创建临时文件", "mkdirtemp": "创建临时文件夹",
	"sync": "写入", "truncate": "写入", "link": "链接", "symlink": "链接", "seek": "读取",
}

// Reason says in Chinese why an operation on a file failed.
func Reason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return "路径中的某一段是文件而不是文件夹"
	case errors.Is(err, syscall.EISDIR):
		return "这是文件夹，不是文件"
	case errors.Is(err, fs.ErrNotExist):
		return "不存在（或所在的文件夹不存在）"
	case errors.Is(err, fs.ErrExist):
		return "已存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限（文件或文件夹只读，或被其他程序占用）"
	case errors.Is(err, syscall.ENOSPC):
		return "磁盘已满"
	case errors.Is(err, syscall.EROFS):
		return "位于只读的磁盘上"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "名称过长"
	case errors.Is(err, syscall.EXDEV):
		return "不能跨磁盘移动"
	}
	return err.Error()
}

// Explain turns an error about a file or folder into a Chinese one that
// names the path and keeps the original for errors.Is. Other errors are
// returned as they are; nil stays nil.
func Explain(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &le):
		return &explained{fmt.Sprintf("%s %s 为 %s 失败：%s", opName(le.Op), le.Old, le.New, Reason(le.Err)), err, le.Error()}
	case errors.As(err, &pe):
		return &explained{fmt.Sprintf("%s %s 失败：%s", opName(pe.Op), pe.Path, Reason(pe.Err)), err, pe.Error()}
	}
	return err
}

// Rewrite replaces, inside a longer message, the English text of the file
// error it wraps with the Chinese one: "生成失败: 输出文件夹 out: stat out:
// not a directory" becomes "生成失败: 输出文件夹 out: 读取 out 失败:路径中的
// 某一段是文件而不是文件夹".
func Rewrite(err error) error {
	var ex *explained
	if err == nil || errors.As(err, &ex) {
		return err
	}
	e := Explain(err)
	ex, ok := e.(*explained)
	if !ok {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, ex.english) {
		return err
	}
	return &explained{strings.Replace(msg, ex.english, ex.msg, 1), err, ex.english}
}

func opName(op string) string {
	if n, ok := ops[op]; ok {
		return n
	}
	return op
}

type explained struct {
	msg     string
	cause   error
	english string // the text the message replaces
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.cause }
