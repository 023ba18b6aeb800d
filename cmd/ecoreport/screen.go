package main

import (
	"math"
	"os"
	"strconv"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// workArea returns the usable part of the primary screen (without the task
// bar) in Fyne's units, or zero when it cannot be known. The scale follows
// Fyne's own rule for desktop windows: the screen's physical DPI over 96,
// times FYNE_SCALE, rounded to a tenth. It must run on the main thread
// before the window is shown (glfw.Init does nothing when Fyne did it).
func workArea() fyne.Size {
	if err := glfw.Init(); err != nil {
		return fyne.Size{}
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		return fyne.Size{}
	}
	scale := float32(1)
	if mm, _ := m.GetPhysicalSize(); mm > 0 {
		if mode := m.GetVideoMode(); mode != nil {
			dpi := float32(mode.Width) / (float32(mm) / 25.4)
			if dpi >= 10 && dpi <= 1000 && dpi > 96 {
				scale = dpi / 96
			}
		}
	}
	if env := os.Getenv("FYNE_SCALE"); env != "" && env != "auto" {
		if v, err := strconv.ParseFloat(env, 32); err == nil && v > 0 {
			scale *= float32(v)
		}
	}
	scale = float32(math.Round(float64(scale*10))) / 10
	return fyne.NewSize(float32(w)/scale, float32(h)/scale)
}
