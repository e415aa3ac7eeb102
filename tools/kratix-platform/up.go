package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Ports of one platform on loopback. Kratix's webhook server always listens on 9443.
type ports struct {
	Etcd, EtcdPeer, APIServer, KratixHealth, Kubelet, Git int
}

// platformInfo is written to <dir>/platform.json once everything is ready, for the tests.
type platformInfo struct {
	Server             string            `json:"server"`
	CAFile             string            `json:"caFile"`
	AdminKubeconfig    string            `json:"adminKubeconfig"`
	GitURL             string            `json:"gitUrl"`
	StateStoreURL      string            `json:"stateStoreUrl"`
	StateStorePath     string            `json:"stateStorePath"`
	KubernetesVersion  string            `json:"kubernetesVersion"`
	KratixVersion      string            `json:"kratixVersion"`
	StartSeconds       float64           `json:"startSeconds"`
	UserTokens         map[string]string `json:"userTokens"`
	PipelineAdapterImg string            `json:"pipelineAdapterImage"`
}

// runUp starts a whole platform (etcd, kube-apiserver, kube-controller-manager, Kratix, the
// pipeline runner and a git state store) from a folder, writes platform.json, and keeps it
// running until it is signalled; then it stops every part it started.
func runUp(args []string) int {
	flags := flag.NewFlagSet("up", flag.ExitOnError)
	dir := flags.String("dir", "", "folder for the platform's state (made anew)")
	binDir := flags.String("bin", "", "folder holding kratix-platform, kratix, cmd (work-creator), kubectl and yq")
	kratixDir := flags.String("kratix-module", "", "the Kratix module's folder (its config/ and work-creator/scripts/)")
	kratixVersion := flags.String("kratix-version", "", "the pinned Kratix version, for platform.json")
	apiOnly := flags.Bool("api-server-only", false, "etcd, kube-apiserver and Kratix's CRDs only: no controllers, no pipelines (benchmarks)")
	p := ports{}
	flags.IntVar(&p.Etcd, "etcd-port", 22379, "")
	flags.IntVar(&p.EtcdPeer, "etcd-peer-port", 22380, "")
	flags.IntVar(&p.APIServer, "apiserver-port", 16443, "")
	flags.IntVar(&p.KratixHealth, "kratix-health-port", 18081, "")
	flags.IntVar(&p.Kubelet, "kubelet-port", 10250, "")
	flags.IntVar(&p.Git, "git-port", 18418, "")
	_ = flags.Parse(args)
	if *dir == "" || *binDir == "" || *kratixDir == "" {
		fmt.Fprintln(os.Stderr, "up: --dir, --bin and --kratix-module are required")
		return 2
	}
	platform := &platformUp{dir: absolute(*dir), bin: absolute(*binDir), kratix: *kratixDir, ports: p, kratixVersion: *kratixVersion, apiOnly: *apiOnly}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	err := platform.start(ctx)
	if err == nil {
		fmt.Println("platform ready:", filepath.Join(platform.dir, "platform.json"))
		select {
		case <-ctx.Done():
		case err = <-platform.exited:
		}
	}
	platform.stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 1
	}
	return 0
}

type platformUp struct {
	dir, bin, kratix, kratixVersion string
	apiOnly                         bool
	ports                           ports
	children                        []*exec.Cmd
	exited                          chan error
}

func absolute(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return abs
}

func (p *platformUp) path(parts ...string) string {
	return filepath.Join(append([]string{p.dir}, parts...)...)
}

func (p *platformUp) server() string {
	return fmt.Sprintf("https://127.0.0.1:%d", p.ports.APIServer)
}

func (p *platformUp) start(ctx context.Context) error {
	began := time.Now()
	p.exited = make(chan error, 8)
	if err := os.RemoveAll(p.dir); err != nil {
		return err
	}
	for _, folder := range []string{"logs", "etcd", "pki", "manifests", "pods"} {
		if err := os.MkdirAll(p.path(folder), 0o700); err != nil {
			return err
		}
	}
	if err := writeCerts(p.path("pki"), p.server()); err != nil {
		return err
	}
	tokens, err := writeUserTokens(p.path("pki", "tokens.csv"))
	if err != nil {
		return err
	}
	self := filepath.Join(p.bin, "kratix-platform")
	p.spawn("etcd", self, []string{"etcd", "--data-dir", p.path("etcd"),
		"--listen-client-url", fmt.Sprintf("http://127.0.0.1:%d", p.ports.Etcd),
		"--listen-peer-url", fmt.Sprintf("http://127.0.0.1:%d", p.ports.EtcdPeer)}, nil)
	p.spawn("kube-apiserver", self, append([]string{"kube-apiserver"}, p.apiServerFlags()...), nil)
	if err := p.waitFor(ctx, "kube-apiserver", 90*time.Second, func() error {
		return p.kubectl(ctx, nil, "get", "--raw", "/readyz")
	}); err != nil {
		return err
	}
	if !p.apiOnly {
		p.spawn("kube-controller-manager", self, append([]string{"kube-controller-manager"}, p.controllerManagerFlags()...), nil)
	}
	stepped(began, "control plane up")

	if err := p.applyKratixManifests(ctx); err != nil {
		return err
	}
	if p.apiOnly {
		return p.writeInfo(began, platformInfo{})
	}
	kratixKubeconfig, err := p.serviceAccountKubeconfig(ctx, kratixNamespace, kratixServiceAccount, "kratix.kubeconfig")
	if err != nil {
		return err
	}
	// Kratix's Deployment mounts its webhook certificate read-only at
	// /tmp/k8s-webhook-server/serving-certs; its git writer empties the temporary folder after
	// each write (RemoveAll of the parent of its clone), which only that mount survives. Kratix
	// runs here with a temporary folder of its own and the certificate bind-mounted read-only
	// in a mount namespace, as in its Pod.
	kratixTmp := p.path("kratix-tmp")
	certDir := filepath.Join(kratixTmp, "k8s-webhook-server", "serving-certs")
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		return err
	}
	mountCerts := `mount --bind "$0" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"`
	p.spawn("kratix", "unshare", []string{"--mount", "--propagation", "private", "bash", "-c", mountCerts,
		p.path("pki", "webhook"), certDir, filepath.Join(p.bin, "kratix"),
		"--metrics-bind-address=0", "--pprof-bind-address=0",
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", p.ports.KratixHealth),
	}, []string{"KUBECONFIG=" + kratixKubeconfig, "WC_IMG=" + pipelineAdapterImage, "TMPDIR=" + kratixTmp})
	if err := p.waitFor(ctx, "kratix", 90*time.Second, func() error {
		return httpGetOK(fmt.Sprintf("http://127.0.0.1:%d/readyz", p.ports.KratixHealth))
	}); err != nil {
		return err
	}
	if err := p.applyWebhooks(ctx); err != nil {
		return err
	}
	stepped(began, "kratix up")

	p.spawn("pipeline-runner", self, []string{"runner",
		"--kubeconfig", p.path("pki", "admin.kubeconfig"),
		"--dir", p.path("pods"), "--bin", p.bin, "--kratix-module", p.kratix,
		"--server", p.server(), "--ca", p.path("pki", "ca.crt"),
		"--serving-cert", p.path("pki", "webhook", "tls.crt"), "--serving-key", p.path("pki", "webhook", "tls.key"),
		"--port", fmt.Sprint(p.ports.Kubelet)}, nil)
	p.spawn("git-server", self, []string{"git-server", "--root", p.path("git"), "--port", fmt.Sprint(p.ports.Git)}, nil)
	gitURL := fmt.Sprintf("http://127.0.0.1:%d", p.ports.Git)
	if err := p.waitFor(ctx, "git-server", 30*time.Second, func() error { return httpGetOK(gitURL + "/healthz") }); err != nil {
		return err
	}
	stateStoreURL := gitURL + "/state-store.git"
	if err := p.applyStateStore(ctx, stateStoreURL); err != nil {
		return err
	}
	return p.writeInfo(began, platformInfo{
		GitURL: gitURL, StateStoreURL: stateStoreURL, StateStorePath: p.path("git", "state-store.git"),
		UserTokens: tokens, PipelineAdapterImg: pipelineAdapterImage,
	})
}

// writeInfo completes and writes platform.json, the sign that the platform is ready.
func (p *platformUp) writeInfo(began time.Time, info platformInfo) error {
	info.Server, info.CAFile, info.AdminKubeconfig = p.server(), p.path("pki", "ca.crt"), p.path("pki", "admin.kubeconfig")
	info.KubernetesVersion, info.KratixVersion = kubernetesVersion(), p.kratixVersion
	info.StartSeconds = time.Since(began).Seconds()
	content, _ := json.MarshalIndent(info, "", "  ")
	stepped(began, "platform ready")
	return os.WriteFile(p.path("platform.json"), content, 0o600)
}

func stepped(began time.Time, what string) {
	fmt.Printf("%s after %.1f s\n", what, time.Since(began).Seconds())
}

func (p *platformUp) apiServerFlags() []string {
	pki := func(name string) string { return p.path("pki", name) }
	return []string{
		fmt.Sprintf("--etcd-servers=http://127.0.0.1:%d", p.ports.Etcd),
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", p.ports.APIServer),
		"--tls-cert-file=" + pki("apiserver.crt"), "--tls-private-key-file=" + pki("apiserver.key"),
		"--client-ca-file=" + pki("ca.crt"),
		"--token-auth-file=" + pki("tokens.csv"),
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki("service-account.pub"),
		"--service-account-signing-key-file=" + pki("service-account.key"),
		"--api-audiences=https://kubernetes.default.svc.cluster.local",
		"--authorization-mode=RBAC",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--kubelet-client-certificate=" + pki("admin.crt"), "--kubelet-client-key=" + pki("admin.key"),
		"--kubelet-certificate-authority=" + pki("ca.crt"),
		"--kubelet-preferred-address-types=InternalIP",
		"--allow-privileged=true", "--profiling=false",
		"--endpoint-reconciler-type=none",
	}
}

func (p *platformUp) controllerManagerFlags() []string {
	pki := func(name string) string { return p.path("pki", name) }
	return []string{
		"--kubeconfig=" + pki("controller-manager.kubeconfig"),
		"--authentication-kubeconfig=" + pki("controller-manager.kubeconfig"),
		"--authorization-kubeconfig=" + pki("controller-manager.kubeconfig"),
		"--use-service-account-credentials=true",
		"--service-account-private-key-file=" + pki("service-account.key"),
		"--root-ca-file=" + pki("ca.crt"),
		"--leader-elect=false", "--bind-address=127.0.0.1", "--secure-port=0",
		// Only the controllers Kratix's objects need: Jobs make Pods, owners' deletions reach
		// their dependents, namespaces are emptied, service accounts get their token and CA, and
		// aggregated ClusterRoles (the backend plugin's README grants through one) get their rules.
		"--controllers=job,garbagecollector,namespace,serviceaccount,serviceaccount-token,root-ca-cert-publisher,ttl-after-finished,clusterrole-aggregation",
	}
}

// spawn starts one part, its output in logs/<name>.log; an exit before stop ends the platform.
func (p *platformUp) spawn(name, program string, args, env []string) {
	logFile, err := os.Create(p.path("logs", name+".log"))
	if err != nil {
		p.exited <- err
		return
	}
	cmd := exec.Command(program, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		p.exited <- fmt.Errorf("%s: %w", name, err)
		return
	}
	p.children = append(p.children, cmd)
	go func() {
		err := cmd.Wait()
		logFile.Close()
		p.exited <- fmt.Errorf("%s exited (%v); see %s", name, err, p.path("logs", name+".log"))
	}()
}

func (p *platformUp) stop() {
	for i := len(p.children) - 1; i >= 0; i-- {
		child := p.children[i]
		if child.Process != nil {
			_ = child.Process.Signal(syscall.SIGTERM)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, child := range p.children {
		for child.ProcessState == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if child.ProcessState == nil && child.Process != nil {
			_ = child.Process.Kill()
		}
	}
}

func (p *platformUp) waitFor(ctx context.Context, what string, limit time.Duration, check func() error) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		select {
		case err := <-p.exited:
			return err
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if last = check(); last == nil {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s: %v", what, limit, last)
}

// kubectl runs the built kubectl as the platform's admin; stdin feeds -f -.
func (p *platformUp) kubectl(ctx context.Context, stdin []byte, args ...string) error {
	_, err := p.kubectlOutput(ctx, stdin, args...)
	return err
}

func (p *platformUp) kubectlOutput(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(p.bin, "kubectl"), append([]string{"--kubeconfig", p.path("pki", "admin.kubeconfig")}, args...)...)
	if stdin != nil {
		cmd.Stdin = strings.NewReader(string(stdin))
	}
	output, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("kubectl %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(output)))
	}
	return string(output), nil
}
