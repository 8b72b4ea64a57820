//go:build !linux

package main

import (
	"errors"
	"os"
)

// Elsewhere than Linux the password is read from stdin only.
func isTerminal(*os.File) bool { return false }

func readNoEcho(*os.File) (string, error) { return "", errors.New("no terminal support") }
