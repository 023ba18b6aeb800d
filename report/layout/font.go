package layout

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"ecoreport/assets"
	"ecoreport/assets/ttc"
	"ecoreport/report/ttfsubset"
)

// Face is a typeface role. Documents ask for roles; the font configuration
// decides which file serves each role (an official system face when present
// and enabled, a bundled open face otherwise).
type Face int

const (
	FaceDefault      Face = iota // inherit from the style
	FaceSong                     // 宋体: bundled AR PL SungtiL GB
	FaceFangSong                 // 仿宋 (official body text); bundled: Song
	FaceHei                      // 黑体: bundled WenQuanYi Zen Hei
	FaceKai                      // 楷体: bundled AR PL KaitiM GB
	FaceXiaoBiaoSong             // 方正小标宋 (official titles); bundled: Song, drawn slightly bold
	numFaces
)

var faceNames = [numFaces]string{"默认", "宋体", "仿宋", "黑体", "楷体", "小标宋"}

// String returns the Chinese name of the role.
func (f Face) String() string {
	if f < 0 || f >= numFaces {
		return fmt.Sprintf("Face(%d)", int(f))
	}
	return faceNames[f]
}

// Fonts configures which font files serve the face roles.
// The zero value uses only the bundled fonts, which is fully reproducible.
type Fonts struct {
	// UseSystem looks for the official faces installed on the machine
	// (simfang.ttf, simhei.ttf, simkai.ttf, FZXBSJW.TTF, ...) in Dirs, or in
	// the usual Windows and Linux font directories when Dirs is empty.
	UseSystem bool
	Dirs      []string
	// Paths gives explicit TrueType files per role; they win over the search.
	Paths map[Face]string
}

// systemFileNames lists file names of official faces, by role, best first.
var systemFileNames = map[Face][]string{
	FaceFangSong:     {"simfang.ttf", "SIMFANG.TTF", "fangsong_gb2312.ttf", "FangSong_GB2312.ttf", "仿宋_GB2312.ttf", "仿宋.ttf"},
	FaceHei:          {"simhei.ttf", "SIMHEI.TTF", "黑体.ttf"},
	FaceKai:          {"simkai.ttf", "SIMKAI.TTF", "kaiti_gb2312.ttf", "KaiTi_GB2312.ttf", "楷体_GB2312.ttf", "楷体.ttf"},
	FaceXiaoBiaoSong: {"FZXBSJW.TTF", "fzxbsjw.ttf", "FZXBSK.TTF", "方正小标宋简体.ttf", "方正小标宋简体.TTF", "方正小标宋_GBK.ttf"},
	FaceSong:         {"simsun.ttf", "SIMSUN.TTF", "simsun.ttc", "SIMSUN.TTC"},
}

// FontDirEnv names the environment variable with a folder of official
// font files, searched before the system's font folders.
const FontDirEnv = "ECOREPORT_FONTS"

// coverageProbe are characters an official face must have to be used at
// all: digits, Latin letters, the punctuation and symbols of the reports and
// common characters of their text. A face lacking any of them (e.g. a
// GB2312 face without ≤) is left for the bundled one.
const coverageProbe = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%.-/" +
	"，。、；：？！（）“”《》—…≤≥〔〕" +
	"生态文明建设示范区创国家指标目标值达标情况年度单位牵头配合海陵工作报告技术镇街园"

// missingProbe returns the characters of coverageProbe that f lacks.
func (f *fontFile) missingProbe() []rune {
	var out []rune
	for _, r := range coverageProbe {
		if !f.hasRune(r) {
			out = append(out, r)
		}
	}
	return out
}

// DefaultFontDirs are the folders searched for official faces when
// Fonts.Dirs is empty: the folder named by ECOREPORT_FONTS, then the
// system's font folders (%WINDIR%\Fonts on Windows; /usr/share/fonts,
// ~/.fonts, ~/Library/Fonts … on Linux and macOS).
func DefaultFontDirs() []string { return defaultFontDirs() }

func defaultFontDirs() []string {
	var env []string
	if d := os.Getenv(FontDirEnv); d != "" {
		env = []string{d}
	}
	return append(env, systemFontDirs()...)
}

func systemFontDirs() []string {
	if runtime.GOOS == "windows" {
		w := os.Getenv("WINDIR")
		if w == "" {
			w = `C:\Windows`
		}
		dirs := []string{filepath.Join(w, "Fonts")}
		if l := os.Getenv("LOCALAPPDATA"); l != "" {
			dirs = append(dirs, filepath.Join(l, "Microsoft", "Windows", "Fonts"))
		}
		return dirs
	}
	dirs := []string{"/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts"}
	if h, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(h, ".fonts"), filepath.Join(h, ".local/share/fonts"), filepath.Join(h, "Library/Fonts"))
	}
	return dirs
}

// findSystemFont returns the first existing file for role in dirs (searched
// one level of subdirectories deep), or "".
func findSystemFont(role Face, dirs []string) string {
	for _, name := range systemFileNames[role] {
		for _, d := range dirs {
			p := filepath.Join(d, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
			subs, _ := filepath.Glob(filepath.Join(d, "*", name))
			if len(subs) > 0 {
				return subs[0]
			}
		}
	}
	return ""
}

// fontFile is a parsed TrueType file: the metrics the line breaker needs.
// Widths are in 1/1000 em, rounded exactly as the PDF writer rounds them,
// so that measured and printed widths agree.
type fontFile struct {
	key    string // PDF font family key
	name   string // file name, for messages
	data   []byte
	ttf    *ttfsubset.Font // the parsed file, cut into the embedded subsets
	has    []uint64        // bit set over the BMP: rune has a glyph
	widths []uint16        // advance per BMP rune, 1/1000 em
	bold   bool            // draw with a faux-bold stroke (stand-in for heavier faces)
	// family and psName are the face's names from its name table, e.g.
	// "FangSong" / "FangSong".
	family, psName string
	system         bool   // an official face found on the machine
	path           string // its path (system faces only)
}

func (f *fontFile) hasRune(r rune) bool {
	return r >= 0 && r < 0x10000 && f.has[r>>6]&(1<<(uint(r)&63)) != 0
}

func (f *fontFile) width(r rune) int {
	if r >= 0 && r < 0x10000 && f.widths[r] > 0 {
		return int(f.widths[r])
	}
	return 500
}

// parseFont reads a TrueType file once (report/ttfsubset, which also cuts
// the subsets embedded in the PDF) and keeps what the layout measures with:
// which characters of the Basic Multilingual Plane the face has (its
// Unicode cmap of format 4, the one the PDF writer reads) and their
// advances in 1/1000 em.
func parseFont(key, name string, data []byte) (*fontFile, error) {
	if len(data) >= 4 {
		switch binary.BigEndian.Uint32(data) {
		case 0x4F54544F: // 'OTTO'
			return nil, errors.New("OpenType/CFF 字体不受 PDF 写入器支持，需要 TrueType 轮廓")
		case 0x74746366: // 'ttcf'
			return nil, errors.New("TrueType 集合（.ttc）不受支持，请先提取单个字体")
		}
	}
	ttf, err := ttfsubset.Parse(data)
	if err != nil {
		return nil, err
	}
	upem := ttf.UnitsPerEm()
	if upem == 0 {
		return nil, errors.New("unitsPerEm 为 0")
	}
	scale := 1000 / float64(upem)
	f := &fontFile{key: key, name: name, data: data, ttf: ttf, has: make([]uint64, 1024), widths: make([]uint16, 0x10000)}
	f.family, f.psName = fontNames(ttf.Table("name"))
	for c := rune(0); c < 0xFFFF; c++ {
		g := ttf.GlyphIndex(c)
		if g == 0 {
			continue
		}
		f.has[c>>6] |= 1 << (uint(c) & 63)
		f.widths[c] = uint16(math.Round(scale * float64(ttf.Advance(g))))
	}
	return f, nil
}

// Process-wide cache of parsed font files: each file is read and parsed once.
var (
	fontCacheMu sync.Mutex
	fontCache   = map[string]*fontCacheEntry{}
)

type fontCacheEntry struct {
	once sync.Once
	f    *fontFile
	err  error
}

// loadCached returns the parsed file of key, loading it on first use;
// path is set for a file of the machine (an official face), "" for a
// bundled one.
func loadCached(key, name, path string, load func() ([]byte, error)) (*fontFile, error) {
	fontCacheMu.Lock()
	e := fontCache[key]
	if e == nil {
		e = &fontCacheEntry{}
		fontCache[key] = e
	}
	fontCacheMu.Unlock()
	e.once.Do(func() {
		data, err := load()
		if err != nil {
			e.err = err
			return
		}
		e.f, e.err = parseFont(key, name, data)
		if e.err != nil {
			e.err = fmt.Errorf("字体 %s：%w", name, e.err)
			return
		}
		e.f.system, e.f.path = path != "", path
	})
	return e.f, e.err
}

func bundled(role Face) (*fontFile, error) {
	switch role {
	case FaceHei:
		return loadCached("hei", assets.HeiFile, "", func() ([]byte, error) { return assets.Hei(), nil })
	case FaceKai:
		return loadCached("kai", assets.KaiFile, "", func() ([]byte, error) { return assets.Kai(), nil })
	default:
		return loadCached("song", assets.SongFile, "", func() ([]byte, error) { return assets.Song(), nil })
	}
}

// maxFontFile bounds the size of a font file read from the machine.
const maxFontFile = 64 << 20

func systemFont(path string) (*fontFile, error) {
	return loadCached("sys:"+path, filepath.Base(path), path, func() ([]byte, error) {
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if st.Size() > maxFontFile {
			return nil, fmt.Errorf("文件过大（%d 字节）", st.Size())
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if ttc.IsCollection(data) {
			// A collection such as simsun.ttc: its first face.
			return ttc.Extract(data, 0)
		}
		return data, nil
	})
}

// fontNames reads the family (name ID 1) and PostScript (ID 6) names of a
// name table, preferring the Windows English (US) records.
func fontNames(tab []byte) (family, ps string) {
	be := binary.BigEndian
	if len(tab) < 6 {
		return "", ""
	}
	count, strOff := int(be.Uint16(tab[2:])), int(be.Uint16(tab[4:]))
	best := map[int]int{} // name ID → score of the record taken
	for i := 0; i < count; i++ {
		p := 6 + 12*i
		if p+12 > len(tab) {
			break
		}
		pid, eid, lang, id := be.Uint16(tab[p:]), be.Uint16(tab[p+2:]), be.Uint16(tab[p+4:]), int(be.Uint16(tab[p+6:]))
		ln, off := int(be.Uint16(tab[p+8:])), int(be.Uint16(tab[p+10:]))
		if id != 1 && id != 6 || strOff+off+ln > len(tab) {
			continue
		}
		raw := tab[strOff+off : strOff+off+ln]
		var text string
		score := 0
		switch {
		case pid == 3 && (eid == 1 || eid == 0):
			u := make([]rune, 0, ln/2)
			for k := 0; k+1 < len(raw); k += 2 {
				u = append(u, rune(be.Uint16(raw[k:])))
			}
			text = string(u)
			score = 2
			if lang == 0x409 {
				score = 3
			}
		case pid == 1 && eid == 0:
			text = string(raw)
			score = 1
		default:
			continue
		}
		if score > best[id] {
			best[id] = score
			if id == 1 {
				family = text
			} else {
				ps = text
			}
		}
	}
	return family, ps
}

// fontSet resolves (role, rune) to a font file for one document.
type fontSet struct {
	chains  [numFaces][]*fontFile // per role: preferred file first, bundled last
	files   []*fontFile           // every distinct file, in first-use order
	runes   map[string]*charSet   // by font key: the characters set in it
	cache   map[uint64]*fontFile
	missing map[rune]bool
	sources [numFaces]string // file name serving each role, for Info
}

func newFontSet(cfg Fonts) (*fontSet, error) {
	fs := &fontSet{runes: map[string]*charSet{}, cache: map[uint64]*fontFile{}, missing: map[rune]bool{}}
	var dirs []string
	if cfg.UseSystem {
		dirs = cfg.Dirs
		if len(dirs) == 0 {
			dirs = defaultFontDirs()
		}
	}
	song, err := bundled(FaceSong)
	if err != nil {
		return nil, err
	}
	hei, err := bundled(FaceHei)
	if err != nil {
		return nil, err
	}
	kai, err := bundled(FaceKai)
	if err != nil {
		return nil, err
	}
	bundle := map[Face]*fontFile{FaceSong: song, FaceFangSong: song, FaceHei: hei, FaceKai: kai, FaceXiaoBiaoSong: song}
	for role := FaceSong; role < numFaces; role++ {
		var chain []*fontFile
		path := cfg.Paths[role]
		if path == "" && cfg.UseSystem {
			path = findSystemFont(role, dirs)
		}
		if path != "" {
			sf, err := systemFont(path)
			switch {
			case err != nil:
				if cfg.Paths[role] != "" {
					return nil, err // an explicit path must work
				}
			case cfg.Paths[role] == "" && len(sf.missingProbe()) > 0:
				// A face found on the machine with too few characters to
				// set the reports: leave it. (An explicit path is used as
				// given, with the bundled faces for what it lacks.)
			default:
				chain = append(chain, sf)
			}
		}
		b := bundle[role]
		if role == FaceXiaoBiaoSong {
			// The bundled stand-in for 小标宋 is Song drawn slightly bold.
			bold := *b
			bold.bold = true
			b = &bold
		}
		chain = append(chain, b)
		fs.chains[role] = chain
		fs.sources[role] = chain[0].name
	}
	fs.chains[FaceDefault] = fs.chains[FaceSong]
	// Last resorts for any role: the other bundled faces.
	return fs, nil
}

// resolve returns the file that draws r for role, falling back per
// character to the bundled faces; a rune no font has is recorded as missing
// and drawn with the role's first font.
func (fs *fontSet) resolve(role Face, r rune) *fontFile {
	k := uint64(role)<<32 | uint64(uint32(r))
	if f, ok := fs.cache[k]; ok {
		return f
	}
	chain := fs.chains[role]
	var got *fontFile
	for _, f := range chain {
		if f.hasRune(r) {
			got = f
			break
		}
	}
	if got == nil {
		for _, role2 := range []Face{FaceSong, FaceHei, FaceKai} {
			f := fs.chains[role2][len(fs.chains[role2])-1]
			if f.hasRune(r) {
				got = f
				break
			}
		}
	}
	if got == nil {
		if r != ' ' && r != '\n' {
			fs.missing[r] = true
		}
		got = chain[0]
	}
	fs.cache[k] = got
	return got
}

// markUsed records that the document uses f and returns the set of the
// characters set in f, for its subset.
func (fs *fontSet) markUsed(f *fontFile) *charSet {
	set := fs.runes[f.key]
	if set == nil {
		set = &charSet{}
		fs.runes[f.key] = set
		fs.files = append(fs.files, f)
	}
	return set
}

// CheckCoverage reports the characters of text that the font serving role
// (with per-character fallback to the bundled faces) cannot draw, in order of
// first appearance, without duplicates.
func CheckCoverage(cfg Fonts, role Face, text string) ([]rune, error) {
	fs, err := newFontSet(cfg)
	if err != nil {
		return nil, err
	}
	var out []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if isSpace(r) || r == '\n' || seen[r] {
			continue
		}
		seen[r] = true
		fs.resolve(role, r)
		if fs.missing[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// FontChoice tells which font file serves a face role.
type FontChoice struct {
	Face       Face
	File       string // file name, e.g. "simfang.ttf" or "gbsn00lp.ttf"
	Family     string // family name recorded in the font, e.g. "FangSong"
	PostScript string // PostScript name recorded in the font
	// Official is set for a face found on the machine; unset for the
	// bundled open face standing in for it.
	Official bool
}

// Pin returns a configuration naming the files that the search for the
// machine's official faces finds now (in Paths, with UseSystem off), so
// that documents set with it skip the search: a package looks up the
// machine's fonts once and all its documents use the same files. Faces not
// found, or found with too few characters, stay with the bundled ones, as
// with cfg. A configuration without UseSystem is returned as it is.
func (cfg Fonts) Pin() (Fonts, error) {
	if !cfg.UseSystem {
		return cfg, nil
	}
	fs, err := newFontSet(cfg)
	if err != nil {
		return cfg, err
	}
	out := Fonts{Paths: map[Face]string{}}
	for role := FaceSong; role < numFaces; role++ {
		if f := fs.chains[role][0]; f.system {
			out.Paths[role] = f.path
		}
	}
	return out, nil
}

// ResolveFonts returns, for each face role (宋体, 仿宋, 黑体, 楷体, 小标宋),
// the font file that documents set with cfg use, as Document.Write would
// choose it.
func ResolveFonts(cfg Fonts) ([]FontChoice, error) {
	fs, err := newFontSet(cfg)
	if err != nil {
		return nil, err
	}
	var out []FontChoice
	for role := FaceSong; role < numFaces; role++ {
		f := fs.chains[role][0]
		out = append(out, FontChoice{Face: role, File: f.name, Family: f.family, PostScript: f.psName, Official: f.system})
	}
	return out, nil
}
