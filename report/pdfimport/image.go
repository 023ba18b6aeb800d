package pdfimport

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// jpegMarkers reads the EXIF orientation (1 when absent or invalid) and
// whether an Adobe APP14 marker is present, from the markers before the
// image data.
func jpegMarkers(data []byte) (orientation int, adobe bool) {
	orientation = 1
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 { // start of scan, end of image
			return
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return
		}
		seg := data[i+4 : i+2+n]
		switch {
		case m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			if o := exifOrientation(seg[6:]); o >= 1 && o <= 8 {
				orientation = o
			}
		case m == 0xEE && bytes.HasPrefix(seg, []byte("Adobe")):
			adobe = true
		}
		i += 2 + n
	}
	return
}

// exifOrientation reads tag 0x0112 of IFD0 of a TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

// orientMatrix maps the unit square of an image (stored pixels w×h) onto
// the page as EXIF orientation o asks, in a space of the displayed size.
func orientMatrix(o int, w, h float64) [6]float64 {
	switch o {
	case 2:
		return [6]float64{-w, 0, 0, h, w, 0}
	case 3:
		return [6]float64{-w, 0, 0, -h, w, h}
	case 4:
		return [6]float64{w, 0, 0, -h, 0, h}
	case 5:
		return [6]float64{0, -w, -h, 0, h, w}
	case 6:
		return [6]float64{0, -w, h, 0, 0, w}
	case 7:
		return [6]float64{0, w, h, 0, 0, 0}
	case 8:
		return [6]float64{0, w, -h, 0, h, 0}
	}
	return [6]float64{w, 0, 0, h, 0, 0}
}

// jpegColorSpace is the PDF colour space of a JPEG and, for Adobe CMYK, the
// inverted decode array.
func (im *imageDoc) jpegColorSpace() (cs string, decode string) {
	switch im.cfg.ColorModel {
	case color.GrayModel:
		return "/DeviceGray", ""
	case color.CMYKModel:
		if im.adobe {
			return "/DeviceCMYK", "[1 0 1 0 1 0 1 0]"
		}
		return "/DeviceCMYK", ""
	}
	return "/DeviceRGB", ""
}

// pixels decodes a PNG (any kind: interlaced, 16-bit, palette, alpha) into
// 8-bit grey or RGB samples and, when some pixel is not opaque, an 8-bit
// alpha channel.
func (im *imageDoc) pixels() (samples []byte, gray bool, alpha []byte, err error) {
	var img image.Image
	if im.kind == JPEG {
		img, err = jpeg.Decode(bytes.NewReader(im.data))
	} else {
		img, err = png.Decode(bytes.NewReader(im.data))
	}
	if err != nil {
		return nil, false, nil, errDamagedImg
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		samples = make([]byte, 0, w*h)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			samples = append(samples, m.Pix[(y-b.Min.Y)*m.Stride:][:w]...)
		}
		return samples, true, nil, nil
	case *image.Gray16:
		samples = make([]byte, 0, w*h)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[(y-b.Min.Y)*m.Stride:]
			for x := 0; x < w; x++ {
				samples = append(samples, row[2*x])
			}
		}
		return samples, true, nil, nil
	}
	samples = make([]byte, 0, 3*w*h)
	alpha = make([]byte, 0, w*h)
	opaque := true
	// rgba appends one row through the image's own pixel layout where it
	// is a common one (At costs an allocation per pixel).
	var row func(y int)
	switch m := img.(type) {
	case *image.NRGBA:
		row = func(y int) {
			p := m.Pix[(y-b.Min.Y)*m.Stride:][:4*w]
			for x := 0; x < w; x++ {
				samples = append(samples, p[4*x], p[4*x+1], p[4*x+2])
				alpha = append(alpha, p[4*x+3])
			}
		}
	case *image.NRGBA64:
		row = func(y int) {
			p := m.Pix[(y-b.Min.Y)*m.Stride:][:8*w]
			for x := 0; x < w; x++ {
				samples = append(samples, p[8*x], p[8*x+2], p[8*x+4])
				alpha = append(alpha, p[8*x+6])
			}
		}
	default:
		row = func(y int) {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				samples = append(samples, c.R, c.G, c.B)
				alpha = append(alpha, c.A)
			}
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row(y)
	}
	for _, a := range alpha {
		if a != 0xFF {
			opaque = false
			break
		}
	}
	if opaque {
		alpha = nil
	}
	return samples, false, alpha, nil
}
