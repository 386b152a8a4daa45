/**
 * The text a bundle adds to the generated service: .dockerignore, and for
 * SageMaker its Dockerfile, `serve` entry point and route adapter, plus the
 * commands shown to the user. Stackdeck never runs the cloud commands: it has
 * no AWS access here and never claims a deployment it did not make.
 */

export type BundleTarget = 'container' | 'sagemaker';

/** Keeps the image to what the service needs (the Dockerfile does `COPY . .`). */
export const DOCKERIGNORE = `# Not needed in the image.
Dockerfile
.dockerignore
README.md
.venv/
__pycache__/
*.pyc
model/
`;

/** SageMaker's routes on top of the generated app; the model comes from /opt/ml/model. */
export function sagemakerApp(modelFile: string): string {
  return `"""SageMaker's serving contract on the generated service: GET /ping, POST /invocations on port 8080,
the model read from /opt/ml/model (SageMaker unpacks model.tar.gz there)."""
import os

os.environ.setdefault("MODEL_PATH", "/opt/ml/model/${modelFile}")

from app import app, health, predict  # noqa: E402  (MODEL_PATH must be set before app loads the model)

app.add_api_route("/ping", health, methods=["GET"])
app.add_api_route("/invocations", predict, methods=["POST"])
`;
}

/** SageMaker starts the container with the argument "serve". */
export const SERVE = `#!/bin/sh
# SageMaker runs the image as "<image> serve": gunicorn with uvicorn workers on 8080.
exec python3 -m gunicorn -c /app/gunicorn.conf.py --chdir /app sagemaker_app:app
`;

export function sagemakerDockerfile(name: string, modelFile: string): string {
  return `# ${name} for SageMaker: GET /ping and POST /invocations on 8080; the model is read from /opt/ml/model.
# Build: docker build -t ${name}-sagemaker .   (or --build-arg BASE=<local image> where no registry is reachable)
ARG BASE=python:3.11-slim
FROM \${BASE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PROMETHEUS_MULTIPROC_DIR=/tmp/metrics WORKERS=2 BIND=0.0.0.0:8080 MODEL_PATH=/opt/ml/model/${modelFile}
WORKDIR /app
COPY requirements.txt .
RUN python3 -m pip install --no-cache-dir -r requirements.txt
COPY app.py gunicorn.conf.py sagemaker_app.py ./
COPY serve /usr/local/bin/serve
RUN chmod 755 /usr/local/bin/serve && useradd --system --uid 10001 --home /app app && mkdir -p /tmp/metrics && chown app /tmp/metrics
USER app
EXPOSE 8080
CMD ["serve"]
`;
}

export function bundleCommands(target: BundleTarget, name: string, modelFile: string): string[] {
  if (target === 'container')
    return [
      `docker build -t ${name} .`,
      `docker run --rm -p 8000:8000 ${name}`,
      `curl -s -X POST localhost:8000/predict -H 'content-type: application/json' -d @example.json`,
    ];
  const image = `${name}-sagemaker`;
  const ecr = '<account>.dkr.ecr.<region>.amazonaws.com';
  return [
    `docker build -t ${image} .`,
    `docker run --rm -p 8080:8080 -v "$PWD/model:/opt/ml/model:ro" ${image} serve`,
    `curl -s localhost:8080/ping && curl -s -X POST localhost:8080/invocations -H 'content-type: application/json' -d @example.json`,
    `tar -czf model.tar.gz -C model ${modelFile}`,
    `aws s3 cp model.tar.gz s3://<bucket>/${name}/model.tar.gz`,
    `docker tag ${image} ${ecr}/${image}:latest && docker push ${ecr}/${image}:latest`,
    `aws sagemaker create-model --model-name ${name} --execution-role-arn arn:aws:iam::<account>:role/<role> --primary-container Image=${ecr}/${image}:latest,ModelDataUrl=s3://<bucket>/${name}/model.tar.gz`,
    `aws sagemaker create-endpoint-config --endpoint-config-name ${name} --production-variants VariantName=main,ModelName=${name},InstanceType=ml.m5.large,InitialInstanceCount=1`,
    `aws sagemaker create-endpoint --endpoint-name ${name} --endpoint-config-name ${name}`,
  ];
}
