#include "MainWindow.h"

#include "DashboardView.h"
#include "DataView.h"
#include "EndpointListModel.h"
#include "EndpointMonitor.h"
#include "EndpointSettingsDialog.h"
#include "EventLog.h"
#include "EventLogModel.h"
#include "Presentation.h"
#include "ProbeEngine.h"
#include "Redactor.h"
#include "StatusBanner.h"
#include "TrayNotifier.h"
#include "UrlValidator.h"
#include "WatchedEndpoint.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmapCache>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace NetPulse {

MainWindow::MainWindow(ProbeEngine *engine, EventLog *log, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_log(log)
    , m_settings(settings)
    , m_endpoints(new EndpointListModel(this))
    , m_logModel(new EventLogModel(log, this))
    , m_logFilter(new EventLogFilter(this))
    , m_notifier(new TrayNotifier(this))
{
    Presentation::ensureResources();
    // Repaints of dozens of changing rows fill Qt's pixmap cache with style pixmaps up to its 10 MB
    // default, which reads as slow growth in a window left open all day; a quarter of it is plenty
    // (docs/benchmarks.md).
    QPixmapCache::setCacheLimit(2560);
    setWindowTitle(tr("NetPulse"));
    setWindowIcon(QIcon(QStringLiteral(":/netpulse/icons/netpulse.svg")));
    m_logFilter->setSourceModel(m_logModel);
    buildUi();
    buildMenus();
    connect(m_endpoints, &EndpointListModel::endpointsEdited, this, [this] {
        m_notifier->setEndpoints(m_endpoints->endpoints());
        refreshLogFilters();
        if (!m_restoring)
            saveState();
    });
    connect(m_notifier, &TrayNotifier::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    restoreState();
}

MainWindow::~MainWindow()
{
    // Stop quietly: endpoints are children and go with the window.
    for (WatchedEndpoint *endpoint : m_endpoints->endpoints())
        endpoint->disconnect(this);
}

void MainWindow::buildUi()
{
    // The endpoint bar.
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("http://127.0.0.1:8080/health"));
    m_urlEdit->setClearButtonEnabled(true);
    m_methodCombo = new QComboBox(this);
    m_methodCombo->setObjectName(QStringLiteral("methodCombo"));
    m_methodCombo->addItems({QStringLiteral("GET"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS"),
                             QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
                             QStringLiteral("DELETE")});
    m_startStop = new QPushButton(tr("&Start"), this);
    m_startStop->setObjectName(QStringLiteral("startStopButton"));
    m_settingsButton = new QPushButton(tr("Se&ttings…"), this);
    m_settingsButton->setObjectName(QStringLiteral("settingsButton"));
    m_urlError = new QLabel(this);
    m_urlError->setObjectName(QStringLiteral("urlErrorLabel"));
    m_urlError->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_urlError->setVisible(false);
    auto *bar = new QHBoxLayout;
    auto *urlLabel = new QLabel(tr("&URL:"), this);
    urlLabel->setBuddy(m_urlEdit);
    bar->addWidget(urlLabel);
    bar->addWidget(m_urlEdit, 1);
    bar->addWidget(m_methodCombo);
    bar->addWidget(m_startStop);
    bar->addWidget(m_settingsButton);

    // The sidebar.
    m_sidebar = new QListView(this);
    m_sidebar->setObjectName(QStringLiteral("endpointList"));
    m_sidebar->setModel(m_endpoints);
    m_sidebar->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_sidebar->setUniformItemSizes(true); // dozens of endpoints stay cheap to lay out
    m_sidebar->setIconSize(QSize(14, 14));
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addEndpointButton"));
    add->setText(tr("+"));
    add->setToolTip(tr("Add the URL above as a new endpoint"));
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("removeEndpointButton"));
    remove->setText(tr("−"));
    remove->setToolTip(tr("Remove the selected endpoint"));
    auto *up = new QToolButton(this);
    up->setObjectName(QStringLiteral("moveUpButton"));
    up->setArrowType(Qt::UpArrow);
    up->setToolTip(tr("Move up"));
    auto *down = new QToolButton(this);
    down->setObjectName(QStringLiteral("moveDownButton"));
    down->setArrowType(Qt::DownArrow);
    down->setToolTip(tr("Move down"));
    auto *sideButtons = new QHBoxLayout;
    for (QToolButton *button : {add, remove, up, down})
        sideButtons->addWidget(button);
    sideButtons->addStretch(1);
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *sideLabel = new QLabel(tr("&Endpoints"), side);
    sideLabel->setBuddy(m_sidebar);
    sideLayout->addWidget(sideLabel);
    sideLayout->addWidget(m_sidebar, 1);
    sideLayout->addLayout(sideButtons);

    // The selected endpoint.
    m_banner = new StatusBanner(this);
    m_dataView = new DataView(this);
    m_dashboard = new DashboardView(this);
    m_logView = new QTableView(this);
    m_logView->setObjectName(QStringLiteral("eventLogView"));
    m_logView->setModel(m_logFilter);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_logView->verticalHeader()->setVisible(false);
    m_logView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_logView->horizontalHeader()->setStretchLastSection(true);
    // Fixed starting widths: measuring contents would visit every one of thousands of rows.
    const QFontMetrics metrics = fontMetrics();
    const QList<QPair<int, QString>> widths = {{EventLogModel::Time, QStringLiteral("00:00:00.000")},
                                               {EventLogModel::Endpoint, QStringLiteral("Demo: flapping serv")},
                                               {EventLogModel::Type, QStringLiteral("attempt")},
                                               {EventLogModel::Kind, QStringLiteral("http_client_error")},
                                               {EventLogModel::Status, QStringLiteral("HTTP")},
                                               {EventLogModel::State, QStringLiteral("retrying")},
                                               {EventLogModel::Total, QStringLiteral("00000.0 ms")},
                                               {EventLogModel::Message, QStringLiteral("Connection refused by")}};
    for (const auto &width : widths)
        m_logView->setColumnWidth(width.first, metrics.horizontalAdvance(width.second) + 16);
    m_logView->setWordWrap(false);
    m_kindFilter = new QComboBox(this);
    m_kindFilter->setObjectName(QStringLiteral("kindFilter"));
    m_kindFilter->addItem(tr("All kinds"), QString());
    for (FailureKind kind : allFailureKinds())
        m_kindFilter->addItem(Presentation::familyIcon(failureFamily(kind)), failureKindName(kind),
                              failureKindName(kind));
    m_endpointFilter = new QComboBox(this);
    m_endpointFilter->setObjectName(QStringLiteral("endpointFilter"));
    auto *copy = new QPushButton(tr("&Copy rows"), this);
    auto *exportJson = new QPushButton(tr("Export JSON &Lines…"), this);
    auto *exportCsv = new QPushButton(tr("Export CS&V…"), this);
    auto *logBar = new QHBoxLayout;
    logBar->addWidget(new QLabel(tr("Show:"), this));
    logBar->addWidget(m_kindFilter);
    logBar->addWidget(m_endpointFilter);
    logBar->addStretch(1);
    logBar->addWidget(copy);
    logBar->addWidget(exportJson);
    logBar->addWidget(exportCsv);
    auto *logPage = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logPage);
    logLayout->addLayout(logBar);
    logLayout->addWidget(m_logView, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(m_dataView, tr("&Data"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(logPage, tr("Event &log"));
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_tabs, 1);

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(side);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({240, 760});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(bar);
    layout->addWidget(m_urlError);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("noteLabel"));
    m_note->setWordWrap(true);
    statusBar()->addWidget(m_note, 1);
    resize(1100, 700);

    connect(m_urlEdit, &QLineEdit::textChanged, this, &MainWindow::validateUrl);
    connect(m_urlEdit, &QLineEdit::returnPressed, this, &MainWindow::startWatching);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        WatchedEndpoint *endpoint = selectedEndpoint();
        if (endpoint && endpoint->isRunning())
            stopWatching();
        else
            startWatching();
    });
    connect(m_settingsButton, &QPushButton::clicked, this, &MainWindow::editSelectedSettings);
    connect(add, &QToolButton::clicked, this, &MainWindow::addEndpointFromUrlField);
    connect(remove, &QToolButton::clicked, this, &MainWindow::removeSelectedEndpoint);
    connect(up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(down, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_sidebar->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onSelectionChanged);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setKind(m_kindFilter->currentData().toString()); });
    connect(m_endpointFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setEndpointId(m_endpointFilter->currentData().toString()); });
    connect(copy, &QPushButton::clicked, this, &MainWindow::copySelectedLogRows);
    connect(exportJson, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export event log"), QStringLiteral("netpulse-log.jsonl"), tr("JSON Lines (*.jsonl)"));
        if (!path.isEmpty())
            exportLog(path, false);
    });
    connect(exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export event log"),
                                                          QStringLiteral("netpulse-log.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportLog(path, true);
    });
    // A new row in the log keeps the view at the newest row only if it was already there.
    connect(m_logModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_logView->verticalScrollBar()->value() >= m_logView->verticalScrollBar()->maximum() - 2)
            m_logView->scrollToBottom();
    });
    for (const QKeySequence &key : {QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)})
        connect(new QShortcut(key, this), &QShortcut::activated, this, &MainWindow::retryNow);
    refreshLogFilters();
    onSelectionChanged();
}

void MainWindow::buildMenus()
{
    QMenu *endpointMenu = menuBar()->addMenu(tr("&Endpoint"));
    endpointMenu->addAction(tr("&Add the URL as a new endpoint"), QKeySequence::New, this,
                            &MainWindow::addEndpointFromUrlField);
    endpointMenu->addAction(tr("&Remove"), this, &MainWindow::removeSelectedEndpoint);
    endpointMenu->addAction(tr("Re&name"), QKeySequence(Qt::Key_F2), this,
                            [this] { m_sidebar->edit(m_sidebar->currentIndex()); });
    endpointMenu->addAction(tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this,
                            &MainWindow::editSelectedSettings);
    endpointMenu->addSeparator();
    endpointMenu->addAction(tr("Retry &now (F5, Ctrl+R)"), this, &MainWindow::retryNow);
    endpointMenu->addSeparator();
    endpointMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu *notifications = menuBar()->addMenu(tr("&Notifications"));
    notifications->addMenu(m_notifier->muteMenu());
}

int MainWindow::endpointCount() const
{
    return m_endpoints->rowCount();
}

int MainWindow::findEndpoint(const QUrl &url, const QByteArray &method) const
{
    for (int row = 0; row < m_endpoints->rowCount(); ++row) {
        const ProbeOptions &probe = m_endpoints->at(row)->config().settings.probe;
        if (probe.url == url && probe.method == method)
            return row;
    }
    return -1;
}

WatchedEndpoint *MainWindow::selectedEndpoint() const
{
    return m_endpoints->at(m_sidebar->currentIndex().row());
}

void MainWindow::selectEndpoint(int row)
{
    m_sidebar->setCurrentIndex(m_endpoints->index(row));
}

void MainWindow::setNote(const QString &note)
{
    m_note->setText(note);
}

WatchedEndpoint *MainWindow::addEndpoint(const EndpointConfig &config)
{
    auto *endpoint = new WatchedEndpoint(m_engine, m_log, config, this);
    connect(endpoint, &WatchedEndpoint::changed, this, [this, endpoint] {
        if (endpoint == selectedEndpoint())
            refreshEndpointBar();
    });
    m_endpoints->append(endpoint);
    if (config.watching)
        endpoint->start();
    selectEndpoint(m_endpoints->rowCount() - 1);
    return endpoint;
}

void MainWindow::onSelectionChanged()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    m_banner->setEndpoint(endpoint);
    m_dataView->setEndpoint(endpoint);
    m_dashboard->setEndpoint(endpoint);
    if (endpoint) {
        m_urlEdit->setText(endpoint->config().settings.probe.url.toString());
        m_methodCombo->setCurrentText(QString::fromLatin1(endpoint->config().settings.probe.method));
    }
    refreshEndpointBar();
}

void MainWindow::refreshEndpointBar()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    const bool running = endpoint && endpoint->isRunning();
    m_startStop->setText(running ? tr("&Stop") : tr("&Start"));
    m_startStop->setEnabled(running || UrlValidator::parse(m_urlEdit->text()).ok());
    m_settingsButton->setEnabled(endpoint != nullptr);
}

void MainWindow::validateUrl()
{
    const QString text = m_urlEdit->text();
    const UrlValidator::Result parsed = UrlValidator::parse(text);
    const bool showError = !text.trimmed().isEmpty() && !parsed.ok();
    m_urlError->setText(showError ? tr("Invalid URL: %1. Nothing will be sent.").arg(parsed.error) : QString());
    m_urlError->setVisible(showError);
    refreshEndpointBar();
}

void MainWindow::startWatching()
{
    const UrlValidator::Result parsed = UrlValidator::parse(m_urlEdit->text());
    if (!parsed.ok()) {
        m_urlError->setText(tr("Invalid URL: %1. Nothing was sent.").arg(parsed.error));
        m_urlError->setVisible(true);
        return;
    }
    const QByteArray method = m_methodCombo->currentText().toLatin1();
    WatchedEndpoint *endpoint = selectedEndpoint();
    if (!endpoint) {
        EndpointConfig config;
        config.settings.probe.url = parsed.url;
        config.settings.probe.method = method;
        addEndpoint(config);
        return;
    }
    EndpointConfig config = endpoint->config();
    if (config.settings.probe.url != parsed.url || config.settings.probe.method != method) {
        config.settings.probe.url = parsed.url;
        config.settings.probe.method = method;
        const QString problem = endpoint->setConfig(config);
        if (!problem.isEmpty()) {
            m_urlError->setText(problem);
            m_urlError->setVisible(true);
            return;
        }
    }
    if (!endpoint->isRunning())
        endpoint->start();
    saveState();
    refreshEndpointBar();
}

void MainWindow::stopWatching()
{
    if (WatchedEndpoint *endpoint = selectedEndpoint())
        endpoint->stop();
    saveState();
    refreshEndpointBar();
}

void MainWindow::retryNow()
{
    m_banner->retryNow();
}

void MainWindow::addEndpointFromUrlField()
{
    const UrlValidator::Result parsed = UrlValidator::parse(m_urlEdit->text());
    EndpointConfig config;
    if (parsed.ok()) {
        config.settings.probe.url = parsed.url;
        config.settings.probe.method = m_methodCombo->currentText().toLatin1();
        addEndpoint(config);
        return;
    }
    EndpointSettingsDialog dialog(config, this);
    if (dialog.exec() == QDialog::Accepted)
        addEndpoint(dialog.config());
}

void MainWindow::removeSelectedEndpoint()
{
    const int row = m_sidebar->currentIndex().row();
    WatchedEndpoint *endpoint = m_endpoints->takeAt(row);
    if (!endpoint)
        return;
    endpoint->stop();
    endpoint->deleteLater();
    selectEndpoint(std::min(row, m_endpoints->rowCount() - 1));
    onSelectionChanged();
}

void MainWindow::moveSelected(int delta)
{
    const int row = m_sidebar->currentIndex().row();
    if (m_endpoints->move(row, row + delta))
        selectEndpoint(row + delta);
}

void MainWindow::editSelectedSettings()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    if (!endpoint)
        return;
    EndpointSettingsDialog dialog(endpoint->config(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString problem = endpoint->setConfig(dialog.config());
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Settings not applied"), problem);
        return;
    }
    onSelectionChanged();
    saveState();
}

void MainWindow::refreshLogFilters()
{
    const QString current = m_endpointFilter->currentData().toString();
    QSignalBlocker blocker(m_endpointFilter);
    m_endpointFilter->clear();
    m_endpointFilter->addItem(tr("All endpoints"), QString());
    for (const WatchedEndpoint *endpoint : m_endpoints->endpoints())
        m_endpointFilter->addItem(endpoint->displayName(), endpoint->config().id);
    const int index = m_endpointFilter->findData(current);
    m_endpointFilter->setCurrentIndex(index >= 0 ? index : 0);
    m_logFilter->setEndpointId(m_endpointFilter->currentData().toString());
}

bool MainWindow::exportLog(const QString &path, bool asCsv)
{
    m_logModel->flush();
    const QList<int> rows = m_logFilter->sourceRows();
    const QByteArray bytes = asCsv ? m_log->toCsv(rows) : m_log->toJsonLines(rows);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setNote(tr("Could not export the log to %1: %2").arg(path, file.errorString()));
        return false;
    }
    setNote(tr("Exported %n event(s) to %1", nullptr, int(rows.size())).arg(path));
    return true;
}

void MainWindow::copySelectedLogRows()
{
    const QModelIndexList selected = m_logView->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    QApplication::clipboard()->setText(QString::fromUtf8(m_log->toCsv(m_logFilter->sourceRows(selected))));
}

void MainWindow::restoreState()
{
    if (!m_settings)
        return;
    m_restoring = true;
    const QList<EndpointConfig> endpoints = EndpointStore::load(*m_settings, &m_restoreProblems);
    for (const EndpointConfig &config : endpoints)
        addEndpoint(config);
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray());
    const int selected = m_settings->value(QStringLiteral("window/selected"), 0).toInt();
    if (m_endpoints->rowCount() > 0)
        selectEndpoint(std::clamp(selected, 0, m_endpoints->rowCount() - 1));
    m_restoring = false;
    if (!m_restoreProblems.isEmpty())
        setNote(tr("Some saved settings were not usable: %1").arg(m_restoreProblems.join(QStringLiteral("; "))));
}

void MainWindow::saveState()
{
    if (!m_settings || m_restoring)
        return;
    QList<EndpointConfig> configs;
    for (const WatchedEndpoint *endpoint : m_endpoints->endpoints())
        configs << endpoint->config();
    EndpointStore::save(*m_settings, configs);
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    m_settings->setValue(QStringLiteral("window/selected"), m_sidebar->currentIndex().row());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

} // namespace NetPulse
