# careflow in a container, for the Kubernetes Indexed Job in examples/k8s-indexed-job.yaml (or any
# container platform). Built from the same `npm pack` tarball a Slurm cluster installs:
#
#   npm pack                                   # writes careflow-<version>.tgz (builds dist/ first)
#   docker build --build-arg TARBALL=careflow-0.1.0.tgz -t registry.example.org/you/careflow:0.1.0 .
#   docker push registry.example.org/you/careflow:0.1.0
#
# The scenarios shipped with careflow are copied to /scenarios; mount or COPY your own there too.
FROM node:20-bookworm-slim

ARG TARBALL=careflow-0.1.0.tgz
COPY ${TARBALL} /tmp/careflow.tgz
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/careflow.tgz \
  && rm /tmp/careflow.tgz \
  && npm cache clean --force \
  && cp -r "$(npm root --global)/careflow/scenarios" /scenarios

# The image's own unprivileged user (uid 1000 in the official Node images): shard output goes to
# a mounted volume, nothing needs root.
USER node
WORKDIR /home/node
ENTRYPOINT ["careflow"]
CMD ["--help"]
