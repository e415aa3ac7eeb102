// Command kratix-platform is one binary holding the parts of a Kubernetes control plane that the
// suite's scenarios run against: the real kube-apiserver and kube-controller-manager of one
// Kubernetes release, an embedded etcd, and the certificates they need. The test scripts start
// each part as a child process of this same binary (one link step instead of three).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	command, args := os.Args[1], os.Args[2:]
	switch command {
	case "kube-apiserver":
		os.Exit(runAPIServer(args))
	case "kube-controller-manager":
		os.Exit(runControllerManager(args))
	case "etcd":
		os.Exit(runEtcd(args))
	case "certs":
		os.Exit(runCerts(args))
	case "up":
		os.Exit(runUp(args))
	case "runner":
		os.Exit(runRunner(args))
	case "git-server":
		os.Exit(runGitServer(args))
	case "version":
		printVersion()
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: kratix-platform up|kube-apiserver|kube-controller-manager|etcd|certs|runner|git-server|version [flags]")
	os.Exit(2)
}
