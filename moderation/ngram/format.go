package ngram

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// The model file, little-endian:
//
//	magic "VIGIENGM", format version (uint16)
//	settings: hash bits, word min, word max, char min, char max (uint8 each)
//	label count (uint8)
//	version 2 only: min features (uint16), feature flags (uint8)
//	info: rows (uint32), epochs (uint16), folds (uint16), seed (uint64)
//	per label: name length (uint8), name, then scale, bias, Platt A,
//	  Platt B, threshold (float32 each)
//	weights: 2^bits × labels int8, bucket-major
//	CRC-32 (IEEE) of everything before it (uint32)
//
// int8 weights with one scale per label keep a 2^18-bucket model of eight
// labels at 2 MiB; the quantised model is the one that was calibrated, so
// the rounding is part of what the thresholds were chosen on.
const (
	magic         = "VIGIENGM"
	formatVersion = 2
	maxLabels     = 16
)

// ErrFormat is wrapped by every error of Parse.
var ErrFormat = errors.New("fichier de modèle invalide")

// MarshalBinary encodes the model. The same model always gives the same
// bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(magic)
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, formatVersion))
	s := m.Settings
	b.Write([]byte{s.HashBits, s.WordMin, s.WordMax, s.CharMin, s.CharMax, byte(len(m.Labels))})
	b.Write(le.AppendUint16(nil, s.MinFeatures))
	b.WriteByte(s.Flags)
	b.Write(le.AppendUint32(nil, m.Info.Rows))
	b.Write(le.AppendUint16(nil, m.Info.Epochs))
	b.Write(le.AppendUint16(nil, m.Info.Folds))
	b.Write(le.AppendUint64(nil, m.Info.Seed))
	for k, l := range m.Labels {
		if len(l) == 0 || len(l) > 255 {
			return nil, fmt.Errorf("ngram: label %q: length must be 1 to 255 bytes", l)
		}
		b.WriteByte(byte(len(l)))
		b.WriteString(l)
		for _, f := range []float32{m.Scale[k], m.Bias[k], m.PlattA[k], m.PlattB[k], m.Threshold[k]} {
			b.Write(le.AppendUint32(nil, math.Float32bits(f)))
		}
	}
	b.Write(m.w)
	b.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return b.Bytes(), nil
}

// Parse reads a model. The weights are not copied: data must not change
// afterwards (an embedded file or a buffer read for the model).
func Parse(data []byte) (*Model, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w : %s", ErrFormat, fmt.Sprintf(format, a...))
	}
	le := binary.LittleEndian
	if len(data) < len(magic)+2 || string(data[:len(magic)]) != magic {
		return nil, bad("ce n'est pas un modèle Vigie (en-tête absent)")
	}
	if len(data) < 4 || crc32.ChecksumIEEE(data[:len(data)-4]) != le.Uint32(data[len(data)-4:]) {
		return nil, bad("somme de contrôle incorrecte (fichier tronqué ou abîmé)")
	}
	body := data[:len(data)-4]
	p := len(magic)
	version := le.Uint16(body[p:])
	if version != 1 && version != formatVersion {
		return nil, bad("version de format %d inconnue (cette version de Vigie lit les versions 1 et %d)", version, formatVersion)
	}
	p += 2
	need := func(n int) bool { return p+n <= len(body) }
	if !need(6 + 16) {
		return nil, bad("en-tête tronqué")
	}
	m := &Model{Settings: Settings{HashBits: body[p], WordMin: body[p+1], WordMax: body[p+2], CharMin: body[p+3], CharMax: body[p+4]}}
	nl := int(body[p+5])
	p += 6
	if version >= 2 {
		if !need(3 + 16) {
			return nil, bad("en-tête tronqué")
		}
		m.Settings.MinFeatures = le.Uint16(body[p:])
		m.Settings.Flags = body[p+2]
		p += 3
	}
	if !m.Settings.valid() {
		return nil, bad("réglages de n-grammes invalides %+v", m.Settings)
	}
	if nl == 0 || nl > maxLabels {
		return nil, bad("%d catégories (1 à %d attendues)", nl, maxLabels)
	}
	m.Info = Info{Rows: le.Uint32(body[p:]), Epochs: le.Uint16(body[p+4:]), Folds: le.Uint16(body[p+6:]), Seed: le.Uint64(body[p+8:])}
	p += 16
	for range nl {
		if !need(1) {
			return nil, bad("catégories tronquées")
		}
		n := int(body[p])
		p++
		if n == 0 || !need(n+20) {
			return nil, bad("catégories tronquées")
		}
		m.Labels = append(m.Labels, string(body[p:p+n]))
		p += n
		var f [5]float32
		for i := range f {
			f[i] = math.Float32frombits(le.Uint32(body[p:]))
			p += 4
			if math.IsNaN(float64(f[i])) || math.IsInf(float64(f[i]), 0) {
				return nil, bad("valeur non finie pour la catégorie %s", m.Labels[len(m.Labels)-1])
			}
		}
		if f[4] < 0 || f[4] > 1 {
			return nil, bad("seuil %v de la catégorie %s hors de [0, 1]", f[4], m.Labels[len(m.Labels)-1])
		}
		m.Scale = append(m.Scale, f[0])
		m.Bias = append(m.Bias, f[1])
		m.PlattA = append(m.PlattA, f[2])
		m.PlattB = append(m.PlattB, f[3])
		m.Threshold = append(m.Threshold, f[4])
	}
	if want := (1 << m.Settings.HashBits) * nl; len(body)-p != want {
		return nil, bad("%d octets de poids, %d attendus", len(body)-p, want)
	}
	m.w = body[p:]
	m.sum = sha256.Sum256(data)
	return m, nil
}

// ID is a short hash of the encoded model: the same bytes, the same id.
func (m *Model) ID() string { return hex.EncodeToString(m.sum[:4]) }
