"""Who may do what with customer records (see `core.permissions`); phone numbers: `customers.models.phone_for`."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

TABLE = {
    "customer": {"read": (SIGNED_IN,), "write": (Role.COUNTER, Role.MANAGER), "import": (Role.COUNTER, Role.MANAGER)},
    # Customers' phone numbers (of customers, callers, applicants). Everybody else reads them masked.
    "phone": {
        "read_full": (Role.MANAGER, Role.COUNTER, Role.DISPATCHER),
        # A crew calls the customer of an order it was sent to, and nobody else's.
        "read_own": (Role.CREW,),
        # Finding a record by its exact number: the roles that take calls. For anyone else it would turn the
        # masked number back into the real one (10⁴ guesses on the four hidden digits).
        "read_search": (Role.COUNTER, Role.DISPATCHER),
    },
}
