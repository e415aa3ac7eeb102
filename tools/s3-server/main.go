// Command s3-server is a local S3-compatible server for the suite's tests: gofakes3 with its
// in-memory backend on 127.0.0.1, the named buckets created at start, and only one access key
// accepted (gofakes3 itself checks none), so a test can see a store refused for its keys.
// It prints {"port":N} on its first line once it listens, and exits when its standard input
// closes, so it never outlives the test process that started it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

var credentialPattern = regexp.MustCompile(`Credential=([^/,\s]+)/`)

// requireAccessKey answers 403 InvalidAccessKeyId, as S3 does, to a request signed with any
// other access key (header or presigned-URL signatures).
func requireAccessKey(accessKey string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Query().Get("X-Amz-Credential")
		if i := strings.Index(key, "/"); i >= 0 {
			key = key[:i]
		}
		if m := credentialPattern.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			key = m[1]
		}
		if key != accessKey {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+
				`<Error><Code>InvalidAccessKeyId</Code>`+
				`<Message>The AWS Access Key Id you provided does not exist in our records.</Message>`+
				`</Error>`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	buckets := flag.String("buckets", "", "comma-separated buckets to create at start")
	accessKey := flag.String("access-key", "", "the only access key accepted (any when empty)")
	flag.Parse()

	backend := s3mem.New()
	for _, name := range strings.Split(*buckets, ",") {
		if name = strings.TrimSpace(name); name != "" {
			if err := backend.CreateBucket(name); err != nil {
				log.Fatalf("creating bucket %s: %v", name, err)
			}
		}
	}
	var handler http.Handler = gofakes3.New(
		backend,
		gofakes3.WithLogger(gofakes3.DiscardLog()),
	).Server()
	if *accessKey != "" {
		handler = requireAccessKey(*accessKey, handler)
	}

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	ready, _ := json.Marshal(map[string]int{"port": listener.Addr().(*net.TCPAddr).Port})
	fmt.Println(string(ready))

	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	log.Fatal(http.Serve(listener, handler))
}
