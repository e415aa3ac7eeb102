package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

const runnerNode = "kratix-platform-runner"

// runRunner stands in for the kubelet and the container runtime, and nothing else: it registers
// one Node, binds every Pod to it, runs each Pod's init containers then its containers in order
// (Kratix's pipeline adapter as Kratix's own programs, the test Promises' images as the few
// lines each stands for), reports container states and the Pod's phase as a kubelet would, and
// serves container logs to the API server.
func runRunner(args []string) int {
	flags := flag.NewFlagSet("runner", flag.ExitOnError)
	config := runnerConfig{}
	kubeconfig := flags.String("kubeconfig", "", "admin kubeconfig")
	flags.StringVar(&config.dir, "dir", "", "folder for the Pods' volumes and logs")
	flags.StringVar(&config.bin, "bin", "", "folder of the built programs")
	flags.StringVar(&config.kratixModule, "kratix-module", "", "the Kratix module's folder")
	flags.StringVar(&config.server, "server", "", "API server URL")
	flags.StringVar(&config.caFile, "ca", "", "the platform's CA")
	servingCert := flags.String("serving-cert", "", "certificate for the log server")
	servingKey := flags.String("serving-key", "", "key for the log server")
	port := flags.Int("port", 10250, "log server port")
	_ = flags.Parse(args)
	restConfig, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		return 1
	}
	client, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		return 1
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	runner := &podRunner{client: client, config: config, running: map[string]context.CancelFunc{}}
	if err := runner.registerNode(ctx, *port); err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		return 1
	}
	go runner.serveLogs(*port, *servingCert, *servingKey)
	go wait.Until(func() { runner.heartbeat(ctx) }, 20*time.Second, ctx.Done())
	factory := informers.NewSharedInformerFactory(client, 0)
	podInformer := factory.Core().V1().Pods().Informer()
	_, _ = podInformer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { runner.consider(ctx, obj.(*corev1.Pod)) },
		UpdateFunc: func(_, obj interface{}) { runner.consider(ctx, obj.(*corev1.Pod)) },
		DeleteFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				runner.forget(pod)
			}
		},
	})
	factory.Start(ctx.Done())
	fmt.Println("pipeline runner watching Pods")
	<-ctx.Done()
	return 0
}

type runnerConfig struct {
	dir, bin, kratixModule, server, caFile string
}

type podRunner struct {
	client  kubernetes.Interface
	config  runnerConfig
	mu      sync.Mutex
	running map[string]context.CancelFunc
}

func podKey(pod *corev1.Pod) string { return pod.Namespace + "/" + pod.Name }

func (r *podRunner) registerNode(ctx context.Context, port int) error {
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: runnerNode, Labels: map[string]string{"kubernetes.io/hostname": runnerNode}},
	}
	if _, err := r.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	current, err := r.client.CoreV1().Nodes().Get(ctx, runnerNode, metav1.GetOptions{})
	if err != nil {
		return err
	}
	current.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}}
	current.Status.DaemonEndpoints.KubeletEndpoint.Port = int32(port)
	current.Status.Conditions = []corev1.NodeCondition{readyCondition()}
	_, err = r.client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{})
	return err
}

func readyCondition() corev1.NodeCondition {
	now := metav1.Now()
	return corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
		Message: "pipeline runner is ready", LastHeartbeatTime: now, LastTransitionTime: now}
}

func (r *podRunner) heartbeat(ctx context.Context) {
	current, err := r.client.CoreV1().Nodes().Get(ctx, runnerNode, metav1.GetOptions{})
	if err != nil {
		return
	}
	current.Status.Conditions = []corev1.NodeCondition{readyCondition()}
	_, _ = r.client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{})
}

// consider starts a Pod that has not run yet; each Pod runs once, in its own goroutine.
func (r *podRunner) consider(ctx context.Context, pod *corev1.Pod) {
	if pod.DeletionTimestamp != nil {
		r.forget(pod)
		return
	}
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return
	}
	if pod.Spec.NodeName != "" && pod.Spec.NodeName != runnerNode {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := podKey(pod)
	if _, started := r.running[key]; started {
		return
	}
	podCtx, cancel := context.WithCancel(ctx)
	r.running[key] = cancel
	go r.run(podCtx, pod.DeepCopy())
}

func (r *podRunner) forget(pod *corev1.Pod) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cancel, ok := r.running[podKey(pod)]; ok {
		cancel()
	}
}

func (r *podRunner) podDir(pod *corev1.Pod) string {
	return filepath.Join(r.config.dir, pod.Namespace, pod.Name)
}

func (r *podRunner) serveLogs(port int, certFile, keyFile string) {
	mux := http.NewServeMux()
	// The API server's pods/log call: /containerLogs/{namespace}/{pod}/{container}.
	mux.HandleFunc("/containerLogs/", func(w http.ResponseWriter, req *http.Request) {
		parts := strings.Split(strings.TrimPrefix(req.URL.Path, "/containerLogs/"), "/")
		if len(parts) != 3 {
			http.NotFound(w, req)
			return
		}
		path := filepath.Join(r.config.dir, parts[0], parts[1], "logs", parts[2]+".log")
		content, err := os.ReadFile(path)
		if err != nil {
			http.Error(w, fmt.Sprintf("container %q in pod %q is waiting to start", parts[2], parts[1]), http.StatusBadRequest)
			return
		}
		if tail := req.URL.Query().Get("tailLines"); tail != "" {
			content = tailLines(content, tail)
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(content)
	})
	server := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), Handler: mux, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	if err := server.ListenAndServeTLS(certFile, keyFile); err != nil {
		fmt.Fprintln(os.Stderr, "runner: log server:", err)
	}
}

func tailLines(content []byte, tail string) []byte {
	var n int
	if _, err := fmt.Sscan(tail, &n); err != nil || n < 0 {
		return content
	}
	lines := strings.SplitAfter(string(content), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return []byte(strings.Join(lines, ""))
}
