"""The registry and the CRM: account imports from a Salesforce report, a HubSpot export or a
mapped CSV (`abmctl accounts import`), and the CSV each CRM's importer takes for tiers, stages
and owners (`abmctl accounts export`)."""
