/**
 * Distribution name → top-level import names, for the packages whose import
 * name is not their normalised distribution name. Without this table a
 * declared `PyYAML` would not cover `import yaml`.
 */

const KNOWN: Record<string, readonly string[]> = {
  pyyaml: ['yaml', '_yaml'], pillow: ['PIL'], beautifulsoup4: ['bs4'], 'scikit-learn': ['sklearn'],
  'scikit-image': ['skimage'], 'opencv-python': ['cv2'], 'opencv-python-headless': ['cv2'],
  'opencv-contrib-python': ['cv2'], 'opencv-contrib-python-headless': ['cv2'], 'python-dateutil': ['dateutil'],
  protobuf: ['google'], attrs: ['attr', 'attrs'], 'python-dotenv': ['dotenv'], 'python-multipart': ['multipart', 'python_multipart'],
  'python-jose': ['jose'], pyjwt: ['jwt'], 'python-jwt': ['python_jwt', 'jwt'], pymysql: ['pymysql'], 'mysqlclient': ['MySQLdb'],
  'mysql-connector-python': ['mysql'], 'psycopg2-binary': ['psycopg2'], 'psycopg-binary': ['psycopg'], 'psycopg': ['psycopg'],
  'typing-extensions': ['typing_extensions'], 'msgpack-python': ['msgpack'], pycryptodome: ['Crypto'],
  pycryptodomex: ['Cryptodome'], 'pyopenssl': ['OpenSSL'], 'google-api-python-client': ['googleapiclient'],
  'google-auth': ['google'], 'grpcio': ['grpc'], 'grpcio-tools': ['grpc_tools'], 'grpcio-status': ['grpc_status'],
  'pyserial': ['serial'], 'pyusb': ['usb'], 'pywin32': ['win32api', 'win32con', 'win32gui', 'pywintypes', 'pythoncom', 'win32com', 'win32process', 'win32file', 'win32event'],
  'python-magic': ['magic'], 'python-slugify': ['slugify'], 'python-levenshtein': ['Levenshtein'], 'levenshtein': ['Levenshtein'],
  'pyzmq': ['zmq'], 'pygobject': ['gi'], 'pyqt5': ['PyQt5'], 'pyqt6': ['PyQt6'], 'pyside6': ['PySide6'], 'pyside2': ['PySide2'],
  'django-environ': ['environ'], 'django-cors-headers': ['corsheaders'], 'djangorestframework': ['rest_framework'],
  'django-filter': ['django_filters'], 'django-redis': ['django_redis'], 'django-extensions': ['django_extensions'],
  'djangorestframework-simplejwt': ['rest_framework_simplejwt'], 'django-storages': ['storages'], 'django-celery-beat': ['django_celery_beat'],
  'pytest-asyncio': ['pytest_asyncio'], 'pytest-mock': ['pytest_mock'], 'pytest-cov': ['pytest_cov'], 'pytest-django': ['pytest_django'],
  'python-telegram-bot': ['telegram'], 'discord.py': ['discord'], 'py-cord': ['discord'], 'ruamel.yaml': ['ruamel'],
  'tensorflow-gpu': ['tensorflow'], 'tensorflow-cpu': ['tensorflow'], 'tf-nightly': ['tensorflow'], 'torch': ['torch'],
  'faiss-cpu': ['faiss'], 'faiss-gpu': ['faiss'], 'sentence-transformers': ['sentence_transformers'],
  'llama-cpp-python': ['llama_cpp'], 'llama-index': ['llama_index'], 'langchain-core': ['langchain_core'],
  'google-generativeai': ['google'], 'google-genai': ['google'], 'openai-whisper': ['whisper'], 'pymupdf': ['fitz', 'pymupdf'],
  'pypdf2': ['PyPDF2'], 'python-docx': ['docx'], 'python-pptx': ['pptx'], 'markdown': ['markdown'], 'pyaml': ['pyaml'],
  'ujson': ['ujson'], 'orjson': ['orjson'], 'websocket-client': ['websocket'], 'websockets': ['websockets'],
  'beautifulsoup': ['BeautifulSoup'], 'lxml': ['lxml'], 'scipy': ['scipy'], 'more-itertools': ['more_itertools'],
  'importlib-metadata': ['importlib_metadata'], 'importlib-resources': ['importlib_resources'], 'setuptools': ['setuptools', 'pkg_resources', '_distutils_hack'],
  'pyparsing': ['pyparsing'], 'dnspython': ['dns'], 'eventlet': ['eventlet'], 'gitpython': ['git'], 'pygithub': ['github'],
  'python-gitlab': ['gitlab'], 'pyinstaller': ['PyInstaller'], 'apache-airflow': ['airflow'], 'apache-beam': ['apache_beam'],
  'azure-storage-blob': ['azure'], 'azure-identity': ['azure'], 'boto3-stubs': [], 'types-requests': [], 'types-pyyaml': [],
  'pyasn1-modules': ['pyasn1_modules'], 'email-validator': ['email_validator'], 'jinja2': ['jinja2'], 'markupsafe': ['markupsafe'],
  'ipython': ['IPython'], 'jupyter-client': ['jupyter_client'], 'prompt-toolkit': ['prompt_toolkit'], 'pyjwkest': ['jwkest'],
  'pytz': ['pytz'], 'tzdata': ['tzdata'], 'backports.zoneinfo': ['backports'], 'zope.interface': ['zope'], 'pywavelets': ['pywt'],
  'hf-xet': ['hf_xet'], 'huggingface-hub': ['huggingface_hub'], 'nvidia-ml-py': ['pynvml'], 'pynvml': ['pynvml'],
  'antlr4-python3-runtime': ['antlr4'], 'absl-py': ['absl'], 'fonttools': ['fontTools'], 'pysocks': ['socks', 'sockshandler'],
  'ply': ['ply'], 'pycparser': ['pycparser'], 'cffi': ['cffi', '_cffi_backend'], 'sqlalchemy': ['sqlalchemy'],
  'flask-sqlalchemy': ['flask_sqlalchemy'], 'flask-cors': ['flask_cors'], 'flask-login': ['flask_login'], 'flask-wtf': ['flask_wtf'],
  'mkdocs-material': ['material'], 'sphinx-rtd-theme': ['sphinx_rtd_theme'], 'pre-commit': ['pre_commit'], 'tomli-w': ['tomli_w'],
};

/** Families of distributions sharing one namespace package (`google-cloud-storage` → `google`). */
const NAMESPACE_PREFIXES = ['google', 'azure', 'opentelemetry', 'jaraco', 'backports', 'sphinxcontrib', 'zope', 'ruamel', 'oslo', 'flufl', 'plone', 'collective', 'nvidia'];

/** PEP 503 normalised form: lower case, runs of `-_.` as one `-`. */
function normalizeDistName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The import names a declared distribution may provide. */
export function importNamesOf(distribution: string): string[] {
  const normalized = normalizeDistName(distribution);
  const names = new Set<string>(KNOWN[normalized] ?? []);
  if (normalized.startsWith('types-') || normalized.endsWith('-stubs')) return [...names];
  names.add(normalized.replace(/-/g, '_'));
  for (const prefix of ['python-', 'py-']) if (normalized.startsWith(prefix)) names.add(normalized.slice(prefix.length).replace(/-/g, '_'));
  if (normalized.endsWith('-python')) names.add(normalized.slice(0, -'-python'.length).replace(/-/g, '_'));
  const first = normalized.split('-')[0]!;
  if (NAMESPACE_PREFIXES.includes(first)) names.add(first);
  // `django-foo` / `flask-foo` / `pytest-foo` commonly import as the foo part or with an underscore.
  if (/^(?:django|flask|pytest|sphinx|mkdocs|fastapi|celery)-/.test(normalized)) names.add(normalized.replace(/-/g, '_'));
  return [...names];
}

/**
 * Import names of widely used PyPI packages: an undeclared import of one of
 * these is an unlisted dependency, never a missing local module.
 */
export const POPULAR_THIRD_PARTY: ReadonlySet<string> = new Set(
  `numpy pandas requests yaml PIL bs4 sklearn cv2 dateutil google attr attrs dotenv jwt scipy matplotlib seaborn torch
   tensorflow keras flask django fastapi starlette pydantic pydantic_settings sqlalchemy alembic celery redis pymongo psycopg2 psycopg
   boto3 botocore aiohttp httpx urllib3 certifi charset_normalizer idna click typer rich tqdm jinja2 markupsafe werkzeug
   pytest _pytest hypothesis mock nose tox setuptools pkg_resources wheel six typing_extensions mypy_extensions toml tomli
   tomli_w ujson orjson simplejson msgpack lxml openai anthropic langchain langchain_core transformers tokenizers datasets
   huggingface_hub uvicorn gunicorn websockets websocket grpc google protobuf jsonschema marshmallow arrow pendulum pytz
   tzdata babel colorama termcolor tabulate psutil paramiko cryptography nacl OpenSSL Crypto jose passlib bcrypt
   sentry_sdk structlog loguru docker kubernetes yaml ruamel pyarrow polars duckdb sympy networkx numba cython Cython
   IPython ipykernel jupyter notebook plotly bokeh dash streamlit gradio tiktoken faiss chromadb pinecone qdrant_client
   sentence_transformers spacy nltk gensim xgboost lightgbm catboost statsmodels shapely geopandas pyproj fiona rasterio
   serial usb zmq gevent eventlet tornado twisted anyio trio sniffio asyncpg aiofiles aioredis motor beanie odmantic
   pytest_asyncio pytest_mock freezegun responses respx factory faker mypy black isort ruff flake8 pylint coverage
   sphinx docutils markdown mistune pygments regex chardet filelock platformdirs appdirs packaging pyparsing wrapt
   decorator cachetools tenacity backoff retrying jmespath dill cloudpickle joblib multiprocess pexpect ptyprocess
   sh plumbum invoke fabric ansible salt pywintypes win32api win32con pythoncom win32com git github gitlab jira slack_sdk
   telegram discord tweepy stripe twilio sendgrid mailchimp3 openpyxl xlrd xlsxwriter docx pptx fitz PyPDF2 pypdf reportlab
   pdfminer magic slugify unidecode emoji phonenumbers email_validator validators uvloop watchdog schedule apscheduler
   prometheus_client opentelemetry ddtrace newrelic elasticsearch opensearchpy kafka confluent_kafka pika nats
   minio azure firebase_admin stripe mlflow wandb optuna ray dask distributed pyspark airflow prefect dagster
   httplib2 oauthlib requests_oauthlib oauth2client googleapiclient gspread pydrive selenium playwright pyppeteer
   scrapy mechanize tldextract furl yarl multidict frozenlist aiosignal async_timeout more_itertools toolz cytoolz
   sortedcontainers bidict boltons attrs cattrs dataclasses_json orjson msgspec typeguard beartype pyright`.split(/\s+/).filter(Boolean),
);
