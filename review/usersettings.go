package review

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ReviewerEnv names the final reviewer when --reviewer is not given.
const ReviewerEnv = "CASESTUDY_REVIEWER"

// UserSettings is the user's own casestudy configuration file
// ($XDG_CONFIG_HOME/casestudy/config.yaml), for defaults that hold across
// case studies, such as who the final reviewer is.
type UserSettings struct {
	Reviewer string `yaml:"reviewer,omitempty"`
}

// UserSettingsPath is where the user's settings live.
func UserSettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "casestudy", "config.yaml"), nil
}

// DefaultReviewer is the final reviewer's handle from CASESTUDY_REVIEWER or
// the user's settings file; empty when neither says. The tool never invents
// one.
func DefaultReviewer() (string, error) {
	if v := strings.TrimSpace(os.Getenv(ReviewerEnv)); v != "" {
		return v, nil
	}
	path, err := UserSettingsPath()
	if err != nil {
		return "", nil // no home: nothing to read
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var s UserSettings
	if err := decodeStrict(path, data, &s); err != nil {
		return "", err
	}
	return strings.TrimSpace(s.Reviewer), nil
}
