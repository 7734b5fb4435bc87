#!/usr/bin/env python3
"""Writes an OCI layout DIR holding one image of N random (incompressible) layers of SIZE_MB each, tagged 'bench'.
Layers are gzip-framed (stored, not compressed: random bytes do not compress) and typed tar+gzip, as pulled
images are, so skopeo pushes them as they are; uncompressed layers it would gzip itself on every push, and
the push would measure its compressor instead of the registry."""
import gzip, hashlib, json, os, sys

def blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(root, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest

def main(root, layers, size_mb):
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    descs, diff_ids = [], []
    for _ in range(layers):
        data = os.urandom(size_mb << 20)
        framed = gzip.compress(data, compresslevel=0, mtime=0)
        d = blob(root, framed)
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": len(framed)})
        diff_ids.append("sha256:" + hashlib.sha256(data).hexdigest())
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(root, config), "size": len(config)},
                           "layers": descs}).encode()
    index = {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(root, manifest),
             "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump(index, f)

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
