// Command icongen draws the application icon (assets/icon.png): a green leaf
// with a light vein on a rounded white-green tile. It uses only the standard
// library, so the icon can be redrawn anywhere:
//
//	go run ./assets/internal/icongen assets/icon.png
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const size = 512

func main() {
	out := "assets/icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // supersampling per axis
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := (float64(x) + (float64(sx)+0.5)/ss) / size
					py := (float64(y) + (float64(sy)+0.5)/ss) / size
					c := shade(px, py)
					r += float64(c.R) * float64(c.A)
					g += float64(c.G) * float64(c.A)
					b += float64(c.B) * float64(c.A)
					a += float64(c.A)
				}
			}
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(a / (ss * ss))})
			}
		}
	}
	f, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// shade returns the colour at (x, y) in [0,1]².
func shade(x, y float64) color.NRGBA {
	// Rounded tile.
	if !inRoundedRect(x, y, 0.04, 0.96, 0.18) {
		return color.NRGBA{}
	}
	tile := color.NRGBA{0xe8, 0xf5, 0xe9, 0xff}
	// Leaf: intersection of two discs, tilted by 45°, centred.
	cx, cy := x-0.5, y-0.52
	ang := 3 * math.Pi / 4
	u := cx*math.Cos(ang) - cy*math.Sin(ang)
	v := cx*math.Sin(ang) + cy*math.Cos(ang)
	const rad, off = 0.42, 0.24
	inLeaf := (u*u+(v-off)*(v-off) < rad*rad) && (u*u+(v+off)*(v+off) < rad*rad)
	// Stem: a short line continuing the main axis towards the lower left.
	stem := math.Abs(v) < 0.018 && u < -0.30 && u > -0.42
	if stem {
		return color.NRGBA{0x1b, 0x5e, 0x20, 0xff}
	}
	if !inLeaf {
		return tile
	}
	// Vein along the axis and two side veins.
	if math.Abs(v) < 0.014 && u > -0.32 && u < 0.26 {
		return color.NRGBA{0xe8, 0xf5, 0xe9, 0xff}
	}
	for _, start := range []float64{-0.12, 0.04} {
		du := u - start
		if du > 0 && du < 0.16 && math.Abs(math.Abs(v)-du*0.55) < 0.012 {
			return color.NRGBA{0xc8, 0xe6, 0xc9, 0xff}
		}
	}
	// Two greens: darker on one half for depth.
	if v > 0 {
		return color.NRGBA{0x2e, 0x7d, 0x32, 0xff}
	}
	return color.NRGBA{0x43, 0xa0, 0x47, 0xff}
}

func inRoundedRect(x, y, lo, hi, r float64) bool {
	if x < lo || x > hi || y < lo || y > hi {
		return false
	}
	cx := math.Max(lo+r, math.Min(x, hi-r))
	cy := math.Max(lo+r, math.Min(y, hi-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}
