package gui

import (
	_ "embed"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// zhJSON holds the Simplified Chinese strings: Fyne's own (dialog buttons,
// file dialog) and any of ours whose text differs from its key. Our strings use
// the Chinese text itself as the key (lang.L("总览")), so they read Chinese
// under every locale.
//
//go:embed translations/zh.json
var zhJSON []byte

var langOnce sync.Once

// SetupLanguage makes Simplified Chinese the language of the interface
// whatever the system locale: the Chinese strings are registered for zh-Hans
// and for English, Fyne's fallback, so Fyne's own dialogs speak Chinese too.
func SetupLanguage() {
	langOnce.Do(func() {
		for _, l := range []fyne.Locale{"zh-Hans", "en"} {
			if err := lang.AddTranslationsForLocale(zhJSON, l); err != nil {
				fyne.LogError("注册中文界面文字", err)
			}
		}
	})
}
