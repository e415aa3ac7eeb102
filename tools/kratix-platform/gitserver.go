package main

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runGitServer serves the bare repositories under a folder over git's smart HTTP protocol on
// loopback, through git's own http-backend, so Kratix's git writer pushes as it would to a host.
func runGitServer(args []string) int {
	flags := flag.NewFlagSet("git-server", flag.ExitOnError)
	root := flags.String("root", "", "folder of bare repositories")
	port := flags.Int("port", 18418, "port on 127.0.0.1")
	_ = flags.Parse(args)
	if err := os.MkdirAll(*root, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "git-server:", err)
		return 1
	}
	backend, err := gitHTTPBackend()
	if err != nil {
		fmt.Fprintln(os.Stderr, "git-server:", err)
		return 1
	}
	handler := &cgi.Handler{
		Path: backend,
		Env:  []string{"GIT_PROJECT_ROOT=" + *root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Any basic credentials are accepted; they name the pusher, as a git host would.
		if user, _, ok := r.BasicAuth(); ok {
			r.Header.Set("X-Remote-User", user)
		}
		handler.ServeHTTP(w, r)
	})
	address := fmt.Sprintf("127.0.0.1:%d", *port)
	fmt.Println("git server on", address)
	if err := http.ListenAndServe(address, mux); err != nil {
		fmt.Fprintln(os.Stderr, "git-server:", err)
		return 1
	}
	return 0
}

func gitHTTPBackend() (string, error) {
	output, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return "", fmt.Errorf("git --exec-path: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(output)), "git-http-backend"), nil
}

// initBareRepository makes a bare repository that accepts pushes over HTTP, with one empty
// commit on main: Kratix's git writer clones the branch and refuses an empty repository.
func initBareRepository(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=kratix-platform", "GIT_AUTHOR_EMAIL=kratix-platform@localhost",
			"GIT_COMMITTER_NAME=kratix-platform", "GIT_COMMITTER_EMAIL=kratix-platform@localhost")
		output, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, output)
		}
		return strings.TrimSpace(string(output)), nil
	}
	if _, err := git("init", "--bare", "--initial-branch=main", path); err != nil {
		return err
	}
	if _, err := git("-C", path, "config", "http.receivepack", "true"); err != nil {
		return err
	}
	emptyTree, err := git("-C", path, "hash-object", "-t", "tree", "-w", "/dev/null")
	if err != nil {
		return err
	}
	commit, err := git("-C", path, "commit-tree", emptyTree, "-m", "Empty state store")
	if err != nil {
		return err
	}
	_, err = git("-C", path, "update-ref", "refs/heads/main", commit)
	return err
}
