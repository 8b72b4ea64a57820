package ngram

import (
	_ "embed"
	"fmt"
	"sync"
)

// defaultModel is the model trained on the shipped corpus by `make model`
// (see the README); it is empty only while the repository bootstraps.
//
//go:embed default.model
var defaultModel []byte

// Default returns the embedded model, parsed once per process on first
// use. It returns nil and no error when no model is embedded.
var Default = sync.OnceValues(func() (*Model, error) {
	if len(defaultModel) == 0 {
		return nil, nil
	}
	m, err := Parse(defaultModel)
	if err != nil {
		return nil, fmt.Errorf("modèle intégré : %w", err)
	}
	return m, nil
})
