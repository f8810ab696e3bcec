// Command tlog-checker audits a transparency log served as C2SP tlog-tiles using Go's own
// implementation, golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog: a second,
// independent reading of what libs/tlog writes. libs/tlog/go-interop.spec.ts builds it and runs
// it against logs written by the TypeScript library.
//
// Usage:
//
//	tlog-checker -dir DIR -vkey VKEY [-checkpoint FILE] [-old-checkpoint FILE]
//	    [-leaf INDEX:BASE64-LEAF-HASH]... [-entries] [-witness VKEY]...
//	    [-proof FILE -proof-entry BASE64-ENTRY]
//
// DIR holds tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] files. The checkpoint (default
// DIR/checkpoint) must verify under VKEY with note.Open. Each -leaf is proven with
// tlog.ProveRecord over tlog.TileHashReader and checked with tlog.CheckRecord; -old-checkpoint is
// proven consistent with tlog.ProveTree / tlog.CheckTree; -entries checks every entry bundle
// against the level-0 hashes; -witness checks a cosignature/v1 by that witness key; -proof
// checks a c2sp.org/tlog-proof@v1 file. Prints "ok: ..." lines; on the first failure prints
// "FAIL: ..." to stderr and exits 1.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// dirTiles serves tiles from a directory in the C2SP layout: Go's tile paths carry the height
// ("tile/8/L/N"), C2SP's do not ("tile/L/N").
type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := "tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
		data, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(path)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

type checkpoint struct {
	origin string
	tree   tlog.Tree
	text   string
	note   *note.Note
}

func openCheckpoint(msg []byte, verifier note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		fail("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		fail("checkpoint size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root %q: %v", lines[2], err)
	}
	if lines[0] != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", lines[0], verifier.Name())
	}
	return checkpoint{origin: lines[0], tree: tlog.Tree{N: size, Hash: root}, text: n.Text, note: n}
}

// checkCosignature verifies a cosignature/v1 line by the witness key vkey (type 0x04), which
// note.Open leaves among the unverified signatures.
func checkCosignature(cp checkpoint, vkey string) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		fail("witness key %q", vkey)
	}
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		fail("witness key %q is not a cosignature/v1 Ed25519 key", vkey)
	}
	sum := sha256.Sum256(append([]byte(parts[0]+"\n"), key...))
	id := binary.BigEndian.Uint32(sum[:4])
	if fmt.Sprintf("%08x", id) != parts[1] {
		fail("witness key %q has a wrong key ID", vkey)
	}
	for _, sig := range cp.note.UnverifiedSigs {
		if sig.Name != parts[0] || sig.Hash != id {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(sig.Base64)
		if err != nil || len(raw) != 4+8+64 {
			fail("cosignature by %s is not 76 bytes", parts[0])
		}
		ts := binary.BigEndian.Uint64(raw[4:12])
		msg := fmt.Sprintf("cosignature/v1\ntime %d\n%s", ts, cp.text)
		if !ed25519.Verify(ed25519.PublicKey(key[1:]), []byte(msg), raw[12:]) {
			fail("cosignature by %s does not verify", parts[0])
		}
		fmt.Printf("ok: cosignature by %s at %d\n", parts[0], ts)
		return
	}
	fail("no cosignature by %s", parts[0])
}

func checkEntries(dir string, cp checkpoint, reader tlog.HashReader) {
	n := cp.tree.N
	var indexes []int64
	var entries [][]byte
	for start := int64(0); start < n; start += 256 {
		w := n - start
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: 0, N: start / 256, W: int(w)}
		path := "tile/entries/" + strings.TrimPrefix(t.Path(), "tile/8/0/")
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			fail("entry bundle: %v", err)
		}
		for i := int64(0); i < w; i++ {
			if len(data) < 2 {
				fail("%s: truncated", path)
			}
			size := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+size {
				fail("%s: truncated entry", path)
			}
			entries = append(entries, data[2:2+size])
			indexes = append(indexes, tlog.StoredHashIndex(0, start+i))
			data = data[2+size:]
		}
		if len(data) != 0 {
			fail("%s: %d trailing bytes", path, len(data))
		}
	}
	hashes, err := reader.ReadHashes(indexes)
	if err != nil {
		fail("reading leaf hashes: %v", err)
	}
	for i, h := range hashes {
		if tlog.RecordHash(entries[i]) != h {
			fail("entry %d does not hash to its leaf hash", i)
		}
	}
	// TileHashReader does not re-check every tile it fetches (its parent check starts at
	// len(stx), past tiles when the tree-hash tiles repeat), so also rebuild the whole tree from
	// the entries and compare roots.
	var stored []tlog.Hash
	memory := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, x := range ix {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, memory)
		if err != nil {
			fail("rebuilding the tree: %v", err)
		}
		stored = append(stored, hs...)
	}
	root, err := tlog.TreeHash(n, memory)
	if err != nil || root != cp.tree.Hash {
		fail("the entries do not hash to the checkpoint's root")
	}
	fmt.Printf("ok: %d entries match the tiles and the root\n", len(entries))
}

func checkProofFile(file, entry64 string, verifier note.Verifier) {
	data, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	entry, err := base64.StdEncoding.DecodeString(entry64)
	if err != nil {
		fail("proof entry: %v", err)
	}
	head, cpBytes, found := bytes.Cut(data, []byte("\n\n"))
	if !found {
		fail("tlog-proof: no empty line")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("tlog-proof: header %q", lines[0])
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		fail("tlog-proof: no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil {
		fail("tlog-proof: index: %v", err)
	}
	var proof tlog.RecordProof
	for _, l := range lines[1:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			fail("tlog-proof: hash %q: %v", l, err)
		}
		proof = append(proof, h)
	}
	cp := openCheckpoint(cpBytes, verifier)
	if err := tlog.CheckRecord(proof, cp.tree.N, cp.tree.Hash, index, tlog.RecordHash(entry)); err != nil {
		fail("tlog-proof: entry %d: %v", index, err)
	}
	fmt.Printf("ok: tlog-proof for entry %d in tree %d\n", index, cp.tree.N)
}

func main() {
	dir := flag.String("dir", "", "directory holding the tiles")
	vkey := flag.String("vkey", "", "the log's verifier key")
	cpFile := flag.String("checkpoint", "", "checkpoint file (default DIR/checkpoint)")
	oldFile := flag.String("old-checkpoint", "", "an older checkpoint to prove consistent")
	entries := flag.Bool("entries", false, "check every entry bundle against the tiles")
	proofFile := flag.String("proof", "", "a tlog-proof file to check")
	proofEntry := flag.String("proof-entry", "", "base64 of the entry the tlog-proof is for")
	var leaves, witnesses list
	flag.Var(&leaves, "leaf", "INDEX:BASE64-LEAF-HASH to prove included (repeatable)")
	flag.Var(&witnesses, "witness", "a witness verifier key whose cosignature must verify (repeatable)")
	flag.Parse()

	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	if *proofFile != "" {
		checkProofFile(*proofFile, *proofEntry, verifier)
	}
	if *dir == "" {
		return
	}
	if *cpFile == "" {
		*cpFile = filepath.Join(*dir, "checkpoint")
	}
	msg, err := os.ReadFile(*cpFile)
	if err != nil {
		fail("%v", err)
	}
	cp := openCheckpoint(msg, verifier)
	fmt.Printf("ok: checkpoint %s size %d\n", cp.origin, cp.tree.N)
	for _, w := range witnesses {
		checkCosignature(cp, w)
	}
	reader := tlog.TileHashReader(cp.tree, dirTiles{*dir})

	for _, l := range leaves {
		idx, h64, _ := strings.Cut(l, ":")
		index, err := strconv.ParseInt(idx, 10, 64)
		if err != nil {
			fail("leaf %q", l)
		}
		hash, err := tlog.ParseHash(h64)
		if err != nil {
			fail("leaf hash %q: %v", h64, err)
		}
		proof, err := tlog.ProveRecord(cp.tree.N, index, reader)
		if err != nil {
			fail("proving leaf %d: %v", index, err)
		}
		if err := tlog.CheckRecord(proof, cp.tree.N, cp.tree.Hash, index, hash); err != nil {
			fail("leaf %d: %v", index, err)
		}
		fmt.Printf("ok: leaf %d included\n", index)
	}

	if *oldFile != "" {
		oldMsg, err := os.ReadFile(*oldFile)
		if err != nil {
			fail("%v", err)
		}
		old := openCheckpoint(oldMsg, verifier)
		proof, err := tlog.ProveTree(cp.tree.N, old.tree.N, reader)
		if err != nil {
			fail("proving consistency %d -> %d: %v", old.tree.N, cp.tree.N, err)
		}
		if err := tlog.CheckTree(proof, cp.tree.N, cp.tree.Hash, old.tree.N, old.tree.Hash); err != nil {
			fail("consistency %d -> %d: %v", old.tree.N, cp.tree.N, err)
		}
		fmt.Printf("ok: tree %d is a prefix of tree %d\n", old.tree.N, cp.tree.N)
	}

	if *entries {
		checkEntries(*dir, cp, reader)
	}
}
