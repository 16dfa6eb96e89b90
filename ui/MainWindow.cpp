#include "MainWindow.h"

#include "DashboardView.h"
#include "DataView.h"
#include "endpoints/EndpointList.h"
#include "EndpointSettingsDialog.h"
#include "EndpointSidebar.h"
#include "EventLogPage.h"
#include "Presentation.h"
#include "probe/UrlValidator.h"
#include "StatusBanner.h"
#include "TrayNotifier.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmapCache>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace NetPulse {

MainWindow::MainWindow(EndpointList *endpoints, EventLog *log, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_endpoints(endpoints)
    , m_settings(settings)
    , m_notifier(new TrayNotifier(this))
{
    Presentation::ensureResources();
    // Repaints of dozens of changing rows fill Qt's pixmap cache with style pixmaps up to its 10 MB
    // default, which reads as slow growth in a window left open all day; a quarter of it is plenty
    // (docs/benchmarks.md).
    QPixmapCache::setCacheLimit(2560);
    setWindowTitle(tr("NetPulse"));
    setWindowIcon(QIcon(QStringLiteral(":/netpulse/icons/netpulse.svg")));
    m_logPage = new EventLogPage(log, endpoints, this);
    buildUi();
    buildMenus();
    m_notifier->setEndpoints(m_endpoints->endpoints());
    connect(m_endpoints, &EndpointList::edited, this, [this] { m_notifier->setEndpoints(m_endpoints->endpoints()); });
    connect(m_notifier, &TrayNotifier::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_logPage, &EventLogPage::noteRaised, this, &MainWindow::setNote);
    restoreState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    // The endpoint bar.
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("http://127.0.0.1:8080/health"));
    m_urlEdit->setClearButtonEnabled(true);
    m_methodCombo = new QComboBox(this);
    m_methodCombo->setObjectName(QStringLiteral("methodCombo"));
    m_methodCombo->addItems(commonMethods());
    m_methodCombo->setEditable(true); // any method token the settings accept, not only the common ones
    m_startStop = new QPushButton(tr("&Start"), this);
    m_startStop->setObjectName(QStringLiteral("startStopButton"));
    m_settingsButton = new QPushButton(tr("Se&ttings…"), this);
    m_settingsButton->setObjectName(QStringLiteral("settingsButton"));
    m_urlError = new QLabel(this);
    m_urlError->setObjectName(QStringLiteral("urlErrorLabel"));
    m_urlError->setStyleSheet(Presentation::styleSheet(Presentation::Style::ErrorText));
    m_urlError->setVisible(false);
    auto *bar = new QHBoxLayout;
    auto *urlLabel = new QLabel(tr("&URL:"), this);
    urlLabel->setBuddy(m_urlEdit);
    bar->addWidget(urlLabel);
    bar->addWidget(m_urlEdit, 1);
    bar->addWidget(m_methodCombo);
    bar->addWidget(m_startStop);
    bar->addWidget(m_settingsButton);

    m_sidebar = new EndpointSidebar(m_endpoints, this);

    // The selected endpoint.
    m_banner = new StatusBanner(this);
    m_dataView = new DataView(this);
    m_dashboard = new DashboardView(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(m_dataView, tr("&Data"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(m_logPage, tr("Event &log"));
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_tabs, 1);

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_sidebar);
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
    connect(m_sidebar, &EndpointSidebar::addRequested, this, &MainWindow::addEndpointFromUrlField);
    connect(m_sidebar, &EndpointSidebar::selectionChanged, this, &MainWindow::onSelectionChanged);
    for (const QKeySequence &key : {QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)})
        connect(new QShortcut(key, this), &QShortcut::activated, this, &MainWindow::retryNow);
    onSelectionChanged();
}

void MainWindow::buildMenus()
{
    QMenu *endpointMenu = menuBar()->addMenu(tr("&Endpoint"));
    endpointMenu->addAction(tr("&Add the URL as a new endpoint"), QKeySequence::New, this,
                            &MainWindow::addEndpointFromUrlField);
    endpointMenu->addAction(tr("&Remove"), m_sidebar, &EndpointSidebar::removeSelected);
    endpointMenu->addAction(tr("Re&name"), QKeySequence(Qt::Key_F2), m_sidebar, &EndpointSidebar::renameSelected);
    endpointMenu->addAction(tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this,
                            &MainWindow::editSelectedSettings);
    endpointMenu->addSeparator();
    endpointMenu->addAction(tr("Retry &now (F5, Ctrl+R)"), this, &MainWindow::retryNow);
    endpointMenu->addSeparator();
    endpointMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu *notifications = menuBar()->addMenu(tr("&Notifications"));
    notifications->addMenu(m_notifier->muteMenu());
}

WatchedEndpoint *MainWindow::selectedEndpoint() const
{
    return m_sidebar->selectedEndpoint();
}

void MainWindow::selectEndpoint(int row)
{
    m_sidebar->selectRow(row);
}

void MainWindow::setNote(const QString &note)
{
    m_note->setText(note);
}

void MainWindow::onSelectionChanged()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    disconnect(m_selectedChanged);
    if (endpoint)
        m_selectedChanged = connect(endpoint, &WatchedEndpoint::changed, this, &MainWindow::refreshEndpointBar);
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
        m_endpoints->add(config);
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
    refreshEndpointBar();
}

void MainWindow::stopWatching()
{
    if (WatchedEndpoint *endpoint = selectedEndpoint())
        endpoint->stop();
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
        m_endpoints->add(config);
        return;
    }
    EndpointSettingsDialog dialog(config, this);
    if (dialog.exec() == QDialog::Accepted)
        m_endpoints->add(dialog.config());
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
}

void MainWindow::restoreState()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray());
    const int selected = m_settings->value(QStringLiteral("window/selected"), 0).toInt();
    if (m_endpoints->count() > 0)
        selectEndpoint(std::clamp(selected, 0, m_endpoints->count() - 1));
}

void MainWindow::saveState()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    m_settings->setValue(QStringLiteral("window/selected"), m_sidebar->selectedRow());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

} // namespace NetPulse
