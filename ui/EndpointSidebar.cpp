#include "EndpointSidebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QToolButton>
#include <QVBoxLayout>

#include "EndpointListModel.h"
#include "EndpointRowDelegate.h"

#include "endpoints/EndpointList.h"

namespace NetPulse {

EndpointSidebar::EndpointSidebar(EndpointList *list, QWidget *parent)
    : QWidget(parent)
    , m_list(list)
    , m_model(new EndpointListModel(list, this))
    , m_view(new QListView(this))
{
    m_view->setObjectName(QStringLiteral("endpointList"));
    m_view->setAccessibleName(tr("Endpoints"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_view->setUniformItemSizes(true); // dozens of endpoints stay cheap to lay out
    m_view->setItemDelegate(new EndpointRowDelegate(m_view));
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows elide; they never scroll sideways
    m_view->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("Down for 59 min · refused")));

    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addEndpointButton"));
    add->setText(tr("+"));
    add->setToolTip(tr("Add the URL typed above as a new endpoint"));
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("removeEndpointButton"));
    remove->setText(tr("−"));
    remove->setToolTip(tr("Remove the selected endpoint (Delete; Ctrl+Z brings it back)"));
    auto *up = new QToolButton(this);
    up->setObjectName(QStringLiteral("moveUpButton"));
    up->setArrowType(Qt::UpArrow);
    up->setToolTip(tr("Move up"));
    up->setAccessibleName(tr("Move the selected endpoint up")); // an arrow has no text to read
    auto *down = new QToolButton(this);
    down->setObjectName(QStringLiteral("moveDownButton"));
    down->setArrowType(Qt::DownArrow);
    down->setToolTip(tr("Move down"));
    down->setAccessibleName(tr("Move the selected endpoint down"));
    auto *buttons = new QHBoxLayout;
    for (QToolButton *button : {add, remove, up, down})
        buttons->addWidget(button);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Endpo&ints"), this);
    label->setBuddy(m_view);
    layout->addWidget(label);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, &EndpointSidebar::addRequested);
    connect(remove, &QToolButton::clicked, this, &EndpointSidebar::removeRequested);
    connect(up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(down, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &EndpointSidebar::selectionChanged);
    connect(list, &EndpointList::endpointAdded, this, &EndpointSidebar::selectRow);
    connect(list, &EndpointList::endpointRemoved, this, [this](int row) {
        selectRow(std::min(row, m_list->count() - 1));
        emit selectionChanged(); // the current row may keep its number and still be another endpoint
    });
}

WatchedEndpoint *EndpointSidebar::selectedEndpoint() const
{
    return m_list->at(selectedRow());
}

int EndpointSidebar::selectedRow() const
{
    return m_view->currentIndex().row();
}

void EndpointSidebar::selectRow(int row)
{
    m_view->setCurrentIndex(m_model->index(row));
}

void EndpointSidebar::moveSelected(int delta)
{
    const int row = selectedRow();
    if (m_list->move(row, row + delta))
        selectRow(row + delta);
}

void EndpointSidebar::renameSelected()
{
    m_view->edit(m_view->currentIndex());
}

} // namespace NetPulse
